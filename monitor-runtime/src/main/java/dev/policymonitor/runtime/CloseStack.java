package dev.policymonitor.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources started one after another, closed in reverse order; a failure to close one is logged and the rest
 * are still closed, so a shutdown never leaves a broker or a thread behind.
 */
public final class CloseStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloseStack.class);

  private final String owner;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** @param owner what the resources belong to, named in the log when one cannot be closed */
  public CloseStack(String owner) {
    this.owner = owner;
  }

  /** Adds a resource, to be closed before every resource added earlier; returns it. */
  public <T extends AutoCloseable> T push(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("{}: cannot close {}: {}", owner, resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
