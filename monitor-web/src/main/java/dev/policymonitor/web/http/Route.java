package dev.policymonitor.web.http;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One route: a path (exact, or a prefix when it ends with {@code /}), the methods it answers ({@code HEAD} goes
 * with {@code GET}), who may call it ({@link #role}: null is public) and its handler.
 *
 * @param feed true when the route also accepts feed tokens (read-only tokens a feed reader may send as
 *     {@code ?token=}); other routes accept tokens only in the {@code Authorization} header
 */
public record Route(String path, Set<String> methods, Role role, boolean feed, WebHandler handler) {
  public Route {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with /: " + path);
    }
    Set<String> upper = new TreeSet<>();
    for (String m : methods) {
      upper.add(m.toUpperCase(Locale.ROOT));
    }
    if (upper.contains("GET")) {
      upper.add("HEAD");
    }
    if (upper.isEmpty()) {
      throw new IllegalArgumentException("a route answers at least one method: " + path);
    }
    methods = Set.copyOf(upper);
  }

  public boolean prefix() {
    return path.endsWith("/");
  }

  public boolean matches(String requestPath) {
    return prefix() ? requestPath.startsWith(path) : requestPath.equals(path);
  }

  public boolean isPublic() {
    return role == null;
  }
}
