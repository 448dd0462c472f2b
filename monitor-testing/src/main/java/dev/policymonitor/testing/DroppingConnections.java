package dev.policymonitor.testing;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Makes a {@code MockWebServer} close connections the way real servers do, so that a client's connection pool holds
 * connections the server has already closed (stale connections):
 *
 * <ul>
 *   <li>as its {@link ServerSocketFactory}, {@link #dropIdle} closes every connection that has answered and waits
 *       for its next request, as a server's keep-alive timeout does during a long pause of the client;</li>
 *   <li>{@link #closingAfterEachResponse} answers like an HTTP/1.0 server: {@code HTTP/1.0} status line, no
 *       {@code Connection} header, and the connection closed once the response is sent.</li>
 * </ul>
 *
 * <pre>
 * DroppingConnections connections = new DroppingConnections();
 * server.setServerSocketFactory(connections);   // before server.start()
 * ... connections.dropIdle();
 * </pre>
 */
public final class DroppingConnections extends ServerSocketFactory {
  private final Set<TrackedSocket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  /** Every response of {@code inner} sent as HTTP/1.0 and followed by closing the connection. */
  public static Dispatcher closingAfterEachResponse(Dispatcher inner) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        MockResponse response = inner.dispatch(request);
        return response.newBuilder().status(response.getStatus().replaceFirst("^HTTP/1\\.1", "HTTP/1.0"))
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
      }
    };
  }

  /**
   * Closes every connection that has sent a response and is waiting for the next request, without a word to the
   * client (a FIN, as a server's keep-alive timeout). Connections with a request in flight are left alone.
   *
   * @return how many were closed
   */
  public int dropIdle() {
    int n = 0;
    for (TrackedSocket s : open) {
      if (s.idle()) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closed either way
        }
        n++;
      }
    }
    dropped.addAndGet(n);
    return n;
  }

  /** Connections the server accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Connections closed by {@link #dropIdle} so far. */
  public int dropped() {
    return dropped.get();
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new TrackingServerSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket s = createServerSocket();
    s.bind(new java.net.InetSocketAddress(port));
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket s = createServerSocket();
    s.bind(new java.net.InetSocketAddress(port), backlog);
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    ServerSocket s = createServerSocket();
    s.bind(new java.net.InetSocketAddress(address, port), backlog);
    return s;
  }

  private final class TrackingServerSocket extends ServerSocket {
    TrackingServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      TrackedSocket socket = new TrackedSocket();
      implAccept(socket);
      open.add(socket);
      accepted.incrementAndGet();
      return socket;
    }
  }

  /** A server-side connection that knows whether it is between a response and the next request. */
  private final class TrackedSocket extends Socket {
    private volatile boolean reading;
    private volatile boolean answered;
    private InputStream input;
    private OutputStream output;

    /** Blocked reading, with a response sent and not a byte of a new request since. */
    boolean idle() {
      return reading && answered && !isClosed();
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        input = new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            reading = true;
            try {
              int b = super.read();
              if (b >= 0) {
                answered = false;
              }
              return b;
            } finally {
              reading = false;
            }
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            reading = true;
            try {
              int n = super.read(buffer, offset, length);
              if (n > 0) {
                answered = false;
              }
              return n;
            } finally {
              reading = false;
            }
          }
        };
      }
      return input;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (output == null) {
        OutputStream raw = super.getOutputStream();
        output = new FilterOutputStream(raw) {
          @Override
          public void write(byte[] buffer, int offset, int length) throws IOException {
            raw.write(buffer, offset, length);
            answered = true;
          }

          @Override
          public void write(int b) throws IOException {
            raw.write(b);
            answered = true;
          }
        };
      }
      return output;
    }

    @Override
    public synchronized void close() throws IOException {
      open.remove(this);
      super.close();
    }
  }
}
