package dev.policymonitor.fetcher.guard;

import dev.policymonitor.model.net.HostLiteral;
import dev.policymonitor.model.net.TargetPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The fetcher's SSRF guard on an OkHttp client: every request, every redirect hop and every connection is held to
 * a {@link TargetPolicy}, after DNS resolution, in three places.
 *
 * <ol>
 *   <li>Its {@link Dns} refuses cloud metadata names and returns only the resolved addresses the policy allows (all
 *       refused: a {@link ForbiddenTargetException}). OkHttp connects to exactly the addresses its {@code Dns}
 *       returned and never resolves again, so the address checked is the address used: a DNS answer that changes
 *       between a check and the connect (DNS rebinding) cannot slip through.</li>
 *   <li>Its {@link SocketFactory} checks the address of every connect before it is made. OkHttp does not ask the
 *       {@code Dns} about a host written as an IP address ({@code http://10.0.0.5/}, a redirect to
 *       {@code http://[::1]:8080/}), so this is where those are refused, before a single packet leaves.</li>
 *   <li>A network interceptor checks, on each hop, the address the connection is really connected to, against the
 *       hop's host, before the request is written: defence in depth should the other two be bypassed, and the
 *       check that a redirect to {@code http://10.1.2.3:9000/} is refused although an allowed name resolved to
 *       10.1.2.3 (the socket cannot tell the two apart).</li>
 * </ol>
 *
 * Proxies are switched off ({@link Proxy#NO_PROXY}): through a proxy the proxy would resolve and connect, and no
 * check here would see the address.
 */
public final class TargetGuard {
  /** Addresses a name entry allowed, remembered for the connect (bounded; cleared when full). */
  private static final int MAX_APPROVALS = 10_000;

  private final TargetPolicy policy;
  private final Dns resolver;
  private final Map<InetAddress, Set<String>> approvedByName = new ConcurrentHashMap<>();

  public TargetGuard(TargetPolicy policy) {
    this(policy, Dns.SYSTEM);
  }

  /** @param resolver the DNS lookup behind the guard (tests answer with what they like) */
  public TargetGuard(TargetPolicy policy, Dns resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  public TargetPolicy policy() {
    return policy;
  }

  /** Installs the guard's DNS, socket factory and network interceptor on {@code builder}, and turns proxies off. */
  public OkHttpClient.Builder install(OkHttpClient.Builder builder) {
    return builder.dns(this::lookup).socketFactory(new GuardedSocketFactory()).proxy(Proxy.NO_PROXY)
        .addNetworkInterceptor(this::checkConnection);
  }

  /**
   * Whether a request to {@code url} may go, for a client the guard is not installed in (a headless browser asks
   * this for its navigation and every sub-request): the name, then every address it resolves to now.
   *
   * @return the reason it may not, or empty
   */
  public Optional<String> refusal(URI url) {
    String host = TargetPolicy.hostOf(url);
    if (host == null) {
      return Optional.of(url + " has no host");
    }
    int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443
        : "http".equalsIgnoreCase(url.getScheme()) ? 80 : -1;
    try {
      lookup(host, port);
      return Optional.empty();
    } catch (ForbiddenTargetException e) {
      return Optional.of(e.reason());
    } catch (UnknownHostException e) {
      return Optional.empty(); // the request fails on its own
    }
  }

  /** The guard's {@link Dns}: the name, then the resolved addresses, filtered. */
  List<InetAddress> lookup(String hostname) throws UnknownHostException {
    return lookup(hostname, -1);
  }

  /** @param port the port, when known; -1 for the {@link Dns}, which is not told (the connect is checked again) */
  private List<InetAddress> lookup(String hostname, int port) throws UnknownHostException {
    Optional<String> byName = policy.refusalOfName(hostname, port);
    if (byName.isPresent()) {
      throw new ForbiddenTargetException(hostname, byName.get());
    }
    Optional<InetAddress> literal;
    try {
      literal = HostLiteral.parse(hostname);
    } catch (IllegalArgumentException e) {
      throw new ForbiddenTargetException(hostname, e.getMessage());
    }
    List<InetAddress> resolved = literal.isPresent() ? List.of(literal.get()) : resolver.lookup(hostname);
    List<InetAddress> allowed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (InetAddress address : resolved) {
      Optional<String> refusal = policy.refusal(hostname, address, port);
      if (refusal.isPresent()) {
        refused.add(refusal.get());
        continue;
      }
      allowed.add(address);
      if (policy.refusal(address.getHostAddress(), address, -1).isPresent()) {
        approve(address, hostname);
      }
    }
    if (allowed.isEmpty()) {
      throw new ForbiddenTargetException(hostname, String.join("; ", refused.stream().distinct().toList()));
    }
    return allowed;
  }

  private void approve(InetAddress address, String hostname) {
    if (approvedByName.size() >= MAX_APPROVALS) {
      approvedByName.clear();
    }
    approvedByName.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(HostLiteral.normalize(hostname));
  }

  /**
   * Why a connection to {@code address:port} may not be made; empty when it may. The socket does not know which
   * host it is for, so an address that an allowed name resolved to passes here; the network interceptor then holds
   * the hop's own host to the policy before a byte of the request is sent.
   */
  private Optional<String> connectRefusal(InetAddress address, int port) {
    Optional<String> refusal = policy.refusal(address.getHostAddress(), address, port);
    if (refusal.isEmpty()) {
      return refusal;
    }
    Set<String> names = approvedByName.getOrDefault(address, Set.of());
    for (String name : names) {
      if (policy.refusal(name, address, port).isEmpty()) {
        return Optional.empty();
      }
    }
    return refusal;
  }

  private okhttp3.Response checkConnection(Interceptor.Chain chain) throws IOException {
    String host = chain.request().url().host();
    Connection connection = chain.connection();
    if (connection != null) {
      Socket socket = connection.socket();
      InetAddress address = socket.getInetAddress();
      if (address != null) {
        Optional<String> byName = policy.refusalOfName(host, socket.getPort());
        Optional<String> refusal = byName.isPresent() ? byName : policy.refusal(host, address, socket.getPort());
        if (refusal.isPresent()) {
          throw new ForbiddenTargetException(host, refusal.get());
        }
      }
    }
    return chain.proceed(chain.request());
  }

  /** Plain sockets whose connect is checked first. */
  private final class GuardedSocketFactory extends SocketFactory {
    @Override
    public Socket createSocket() {
      return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress address) throws IOException {
      Socket s = new GuardedSocket();
      s.connect(address);
      return s;
    }
  }

  private final class GuardedSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (endpoint instanceof InetSocketAddress isa) {
        InetAddress address = isa.getAddress();
        if (address == null) {
          throw new ForbiddenTargetException(isa.getHostString(), isa.getHostString() + " was not resolved by the guard");
        }
        Optional<String> refusal = connectRefusal(address, isa.getPort());
        if (refusal.isPresent()) {
          close();
          throw new ForbiddenTargetException(TargetPolicy.text(address), refusal.get());
        }
      }
      super.connect(endpoint, timeout);
    }
  }
}
