package dev.policymonitor.normalize;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.select.Evaluator;
import org.jsoup.select.Selector;

/**
 * CSS selectors parsed once: jsoup parses the query string on every {@code select(String)}, which showed in the
 * profile of every page; a parsed {@link Evaluator} is thread-safe and reusable. The normalizer's own selectors are
 * constants; declared ones (a few per document) are kept in a bounded cache.
 */
final class Css {
  /** More distinct declared selectors than this and the cache starts over (a bound, never reached in practice). */
  private static final int MAX_CACHED = 10_000;
  private static final Map<String, Evaluator> CACHE = new ConcurrentHashMap<>();

  private Css() {}

  /**
   * The parsed selector.
   *
   * @throws Selector.SelectorParseException when {@code css} is not a valid selector
   */
  static Evaluator of(String css) {
    Evaluator known = CACHE.get(css);
    if (known != null) {
      return known;
    }
    Evaluator parsed = Selector.evaluatorOf(css);
    if (CACHE.size() >= MAX_CACHED) {
      CACHE.clear();
    }
    CACHE.put(css, parsed);
    return parsed;
  }
}
