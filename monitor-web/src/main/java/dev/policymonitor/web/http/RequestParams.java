package dev.policymonitor.web.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A request's path segments and query parameters, read with bounds: every bad value is a {@link BadRequest} naming
 * the parameter, the rule and the value, for a 400 answer.
 */
public final class RequestParams {
  private final List<String> segments;
  private final Map<String, String> query;

  private RequestParams(List<String> segments, Map<String, String> query) {
    this.segments = segments;
    this.query = query;
  }

  /** @throws BadRequest when a segment or parameter is not valid percent-encoding */
  public static RequestParams of(URI target) {
    try {
      return new RequestParams(segments(target), query(target));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed escape in the request path or query: " + e.getMessage());
    }
  }

  /** The decoded path segments, empty ones dropped: {@code /api/reviews/a/b} gives {@code [api, reviews, a, b]}. */
  public List<String> segments() {
    return segments;
  }

  /** A query parameter, trimmed; null when absent or blank. */
  public String get(String name) {
    String v = query.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** A whole number between {@code min} and {@code max}; {@code fallback} when absent. */
  public int number(String name, int fallback, int min, int max) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new BadRequest(name + " must be between " + min + " and " + max + ": " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be a number: " + value);
    }
  }

  /**
   * A comma-separated list, each item read by {@code parse} (whose {@link IllegalArgumentException} becomes a 400);
   * {@code fallback} when absent.
   */
  public <T> List<T> list(String name, Function<String, T> parse, List<T> fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    List<T> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      try {
        items.add(parse.apply(item.trim()));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(name + ": " + e.getMessage());
      }
    }
    if (items.isEmpty()) {
      throw new BadRequest(name + " lists nothing: " + value);
    }
    return items;
  }

  static List<String> segments(URI uri) {
    return Arrays.stream(uri.getRawPath().split("/"))
        .filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
        .toList();
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  /** A request the handler cannot answer as asked: a 400 with the message. */
  public static final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }
}
