package dev.policymonitor.web.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A route table. A request goes to the most specific path that matches it (an exact path, or the longest prefix);
 * when no route of that path answers the method, the answer is 405 with {@code Allow} listing the ones that do.
 * So a path given its own route (say {@code POST /api/vendors}) needs every method it answers declared there.
 */
public final class Routes {
  private final List<Route> routes;

  private Routes(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  public static Routes of(List<Route> routes) {
    return new Routes(routes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Route> all() {
    return routes;
  }

  /** This table followed by {@code other}'s routes. */
  public Routes with(Routes other) {
    List<Route> all = new ArrayList<>(routes);
    all.addAll(other.routes);
    return new Routes(all);
  }

  /** The route for a request, or what to answer when there is none. */
  public Match match(String method, String path) {
    String mostSpecific = null;
    for (Route r : routes) {
      if (r.matches(path) && (mostSpecific == null || r.path().length() > mostSpecific.length())) {
        mostSpecific = r.path();
      }
    }
    if (mostSpecific == null) {
      return new Match(Optional.empty(), Set.of());
    }
    Set<String> allowed = new TreeSet<>(Comparator.naturalOrder());
    for (Route r : routes) {
      if (r.path().equals(mostSpecific)) {
        if (r.methods().contains(method)) {
          return new Match(Optional.of(r), Set.of());
        }
        allowed.addAll(r.methods());
      }
    }
    return new Match(Optional.empty(), allowed);
  }

  /** The matched route; or, when empty, the methods the path answers (empty too: no such path, 404). */
  public record Match(Optional<Route> route, Set<String> allowed) {}

  /** Builds a table; a path ending with {@code /} is a prefix route. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    /** GET (and HEAD) for users with at least {@code role}. */
    public Builder get(String path, Role role, WebHandler handler) {
      return add(new Route(path, Set.of("GET"), role, false, handler));
    }

    /** GET (and HEAD) for anyone: the page's files, health, metrics, the login routes. */
    public Builder publicGet(String path, WebHandler handler) {
      return add(new Route(path, Set.of("GET"), null, false, handler));
    }

    /** A write (POST, PUT, PATCH, DELETE) for users with at least {@code role}; CSRF-checked for cookie sessions. */
    public Builder write(String method, String path, Role role, WebHandler handler) {
      return add(new Route(path, Set.of(method), role, false, handler));
    }

    /** A feed: GET for viewers, also with a feed token in {@code ?token=} (for feed readers). */
    public Builder feed(String path, WebHandler handler) {
      return add(new Route(path, Set.of("GET"), Role.VIEWER, true, handler));
    }

    public Builder add(Route route) {
      routes.add(route);
      return this;
    }

    public Routes build() {
      return new Routes(routes);
    }
  }
}
