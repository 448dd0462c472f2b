package dev.policymonitor.web.server;

import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Route;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a policy-monitor process, on Jetty 12 (core API, no servlets): the web routes (page, API,
 * login) and the management routes ({@code /health}, {@code /metrics}), on one port or on two. Every request is
 * matched to a route with its method checked (405 with {@code Allow}), passed through the {@link RequestGate}
 * (web routes only) and carries the security headers. Bounds against slow and hostile clients: {@link ServerLimits}.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final Server server;
  private final ServerConnector web;
  private final ServerConnector management;
  private final SlowHeaderGuard guard;
  private final ConnectionLimit connectionLimit;
  private final String host;
  private volatile Routes webRoutes = Routes.builder().build();

  private WebServer(Server server, ServerConnector web, ServerConnector management, SlowHeaderGuard guard,
      ConnectionLimit connectionLimit, String host) {
    this.server = server;
    this.web = web;
    this.management = management;
    this.guard = guard;
    this.connectionLimit = connectionLimit;
    this.host = host;
  }

  /**
   * Starts listening.
   *
   * @param managementRoutes public GET routes (health, metrics): on the management port when there is one
   * @param gate decides who may reach each web route
   * @throws UncheckedIOException when a port cannot be bound
   */
  public static WebServer start(ServerSettings settings, Routes managementRoutes, RequestGate gate) {
    ServerLimits limits = settings.limits();
    QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), Math.min(4, limits.maxThreads()));
    pool.setName("policy-http");
    pool.setDaemon(true);
    Server server = new Server(pool);
    server.setStopTimeout(2000);

    HttpConfiguration config = new HttpConfiguration();
    config.setRequestHeaderSize(limits.maxHeaderBytes());
    config.setIdleTimeout(limits.idleTimeout().toMillis());
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    if (settings.trustForwarded()) {
      config.addCustomizer(new ForwardedRequestCustomizer());
    }
    SlowHeaderGuard guard = new SlowHeaderGuard(limits.headerTimeout(), System::nanoTime);
    server.addBean(guard);

    ServerConnector web = connector(server, config, settings.bindAddress(), settings.port(), limits, guard, "web");
    server.addConnector(web);
    ConnectionLimit connectionLimit = new ConnectionLimit(limits.maxConnections(), web);
    server.addBean(connectionLimit);
    ServerConnector management = null;
    if (settings.managementPort() != null) {
      management = connector(server, config, settings.bindAddress(), settings.managementPort(), limits, guard,
          "management");
      server.addConnector(management);
    }
    server.setErrorHandler(new JsonErrorHandler());

    String host = urlHost(settings.bindAddress());
    WebServer ws = new WebServer(server, web, management, guard, connectionLimit, host);
    QoSHandler qos = new QoSHandler(new Dispatcher(ws, managementRoutes, gate, limits));
    qos.setMaxRequestCount(limits.maxConcurrentRequests());
    qos.setMaxSuspend(limits.maxQueueWait());
    qos.setMaxSuspendedRequestCount(limits.maxConcurrentRequests() * 16);
    for (Route r : managementRoutes.all()) {
      qos.excludePath(r.prefix() ? r.path() + "*" : r.path()); // health and metrics are never held back
    }
    SizeLimitHandler sizeLimit = new SizeLimitHandler(limits.maxBodyBytes(), -1);
    sizeLimit.setHandler(qos);
    server.setHandler(sizeLimit);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      String where = settings.bindAddress() + ":" + settings.port()
          + (settings.managementPort() == null ? "" : " / " + settings.managementPort());
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot serve HTTP on " + where + ": " + describe(io), io);
      }
      throw new IllegalStateException("cannot serve HTTP on " + where + ": " + e.getMessage(), e);
    }
    return ws;
  }

  private static ServerConnector connector(Server server, HttpConfiguration config, String bind, int port,
      ServerLimits limits, SlowHeaderGuard guard, String name) {
    ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    c.setHost(bind);
    c.setPort(port);
    c.setName(name);
    c.setIdleTimeout(limits.idleTimeout().toMillis());
    c.setAcceptQueueSize(128);
    c.addEventListener(guard);
    return c;
  }

  private static String describe(IOException e) {
    return e instanceof BindException ? "the address is in use or not on this machine (" + e.getMessage() + ")"
        : e.getMessage();
  }

  private static String urlHost(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.isBlank()) {
      return "127.0.0.1";
    }
    return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
  }

  /** Adds web routes (the page, the API, login): served on the web port from now on. */
  public synchronized void mount(Routes routes) {
    webRoutes = webRoutes.with(routes);
  }

  /** {@code http://host:port/} of the web port, reachable from this machine. */
  public URI baseUri() {
    return URI.create("http://" + host + ":" + web.getLocalPort() + "/");
  }

  /** {@code http://host:port/} of the management routes (the web port's when there is no management port). */
  public URI managementUri() {
    return management == null ? baseUri() : URI.create("http://" + host + ":" + management.getLocalPort() + "/");
  }

  public int port() {
    return web.getLocalPort();
  }

  /** Connections open on the web port now. */
  public int openConnections() {
    return connectionLimit.getConnections();
  }

  /** Connections closed because their headers were too slow. */
  public long slowHeaderConnectionsClosed() {
    return guard.closedCount();
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("vendor=- document=- HTTP server did not stop cleanly: {}", e.toString());
    }
  }

  /** Routes each request, checks its method and its gate, and runs its handler. */
  private static final class Dispatcher extends Handler.Abstract {
    private final WebServer owner;
    private final Routes managementRoutes;
    private final RequestGate gate;
    private final ServerLimits limits;

    Dispatcher(WebServer owner, Routes managementRoutes, RequestGate gate, ServerLimits limits) {
      super(InvocationType.BLOCKING);
      this.owner = owner;
      this.managementRoutes = managementRoutes;
      this.gate = gate;
      this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      SecurityHeaders.apply(response.getHeaders());
      URI target = JettyExchange.target(request);
      JettyExchange exchange = new JettyExchange(request, response, callback, target, limits.bodyTimeout());
      if (target == null) {
        error(exchange, 400, "malformed request target", Map.of());
        return true;
      }
      boolean onManagementPort = owner.management != null
          && request.getConnectionMetaData().getConnector() == owner.management;
      String path = request.getHttpURI().getCanonicalPath();
      if (path == null) {
        path = "/";
      }
      String method = request.getMethod();
      Routes.Match management = owner.management == null || onManagementPort
          ? managementRoutes.match(method, path) : new Routes.Match(java.util.Optional.empty(), java.util.Set.of());
      boolean isManagement = management.route().isPresent() || !management.allowed().isEmpty();
      Routes.Match match = isManagement || onManagementPort ? management : owner.webRoutes.match(method, path);
      if (match.route().isEmpty()) {
        if (match.allowed().isEmpty()) {
          error(exchange, 404, "no such page: " + path, Map.of());
        } else {
          error(exchange, 405, method + " is not allowed here; use " + String.join(", ", match.allowed()),
              Map.of("Allow", String.join(", ", match.allowed())));
        }
        return true;
      }
      Route route = match.route().get();
      try {
        if (!isManagement) {
          RequestGate.Decision decision = gate.check(exchange, route);
          if (decision instanceof RequestGate.Refuse refuse) {
            error(exchange, refuse.status(), refuse.message(), refuse.headers());
            return true;
          }
          exchange.principal(((RequestGate.Allow) decision).principal());
        }
        route.handler().handle(exchange);
        if (!exchange.sent()) {
          error(exchange, 500, "internal error: the route sent no answer", Map.of());
        }
      } catch (WebExchange.PayloadTooLarge e) {
        answerFailure(exchange, 413, e.getMessage());
      } catch (JettyExchange.BodyTimeout e) {
        answerFailure(exchange, 408, e.getMessage());
      } catch (JettyExchange.BadBody e) {
        answerFailure(exchange, 400, e.getMessage());
      } catch (IOException | RuntimeException e) {
        LOG.error("vendor=- document=- {} {} failed", method, path, e);
        answerFailure(exchange, 500, "internal error (see the server log)");
      }
      return true;
    }

    private static void answerFailure(JettyExchange exchange, int status, String message) {
      if (!exchange.sent()) {
        error(exchange, status, message, Map.of());
      }
    }

    private static void error(JettyExchange exchange, int status, String message, Map<String, String> headers) {
      headers.forEach(exchange::setResponseHeader);
      exchange.send(status, "application/json; charset=utf-8", JsonErrorHandler.body(status, message));
    }
  }
}
