package dev.policymonitor.web.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Closes a connection whose request headers take longer than the header timeout to arrive, counted from the
 * request's first byte (Jetty's idle timeout alone lets a client that sends one byte every few seconds keep a
 * connection forever). Idle connections, with no byte of a new request, are left to the idle timeout; a request
 * being handled is left alone. A sweep looks at every open connection a few times per timeout.
 */
final class SlowHeaderGuard extends AbstractLifeCycle implements Connection.Listener {
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong closed = new AtomicLong();
  private ScheduledExecutorService sweeper;

  SlowHeaderGuard(Duration timeout, LongSupplier nanoTime) {
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Where a connection was when its current wait for a request began. */
  private static final class Watch {
    long messagesOut;
    long bytesIn;
    long firstByteSeenAt = -1;

    Watch(long messagesOut, long bytesIn) {
      this.messagesOut = messagesOut;
      this.bytesIn = bytesIn;
    }
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Watch(connection.getMessagesOut(), connection.getBytesIn()));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  @Override
  protected void doStart() {
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "policy-http-header-guard");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 4);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
    open.clear();
  }

  /** Connections closed for slow headers so far. */
  long closedCount() {
    return closed.get();
  }

  void sweep() {
    long now = nanoTime.getAsLong();
    open.forEach((connection, watch) -> {
      long in = connection.getMessagesIn();
      long out = connection.getMessagesOut();
      long bytes = connection.getBytesIn();
      if (in > out || out != watch.messagesOut) {
        // a request is being handled, or one was answered since: a new wait for a request starts
        watch.messagesOut = out;
        watch.bytesIn = bytes;
        watch.firstByteSeenAt = -1;
        return;
      }
      if (bytes == watch.bytesIn) {
        return; // idle: the idle timeout's business
      }
      if (watch.firstByteSeenAt < 0) {
        watch.firstByteSeenAt = now;
      } else if (now - watch.firstByteSeenAt > timeoutNanos) {
        open.remove(connection);
        closed.incrementAndGet();
        connection.getEndPoint().close();
      }
    });
  }
}
