package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A sentence pattern whose changes never alert (a rotating "Last reviewed by" line, a visit counter): either a
 * literal {@code text} a sentence contains (case-insensitive), or a Java {@code regex} a sentence contains a match
 * of. In a vendors file and in JSON, a plain string is a literal; {@code {regex: ...}} is a regular expression.
 *
 * <p>Regular expressions are bounded against catastrophic backtracking (ReDoS): at most {@link #MAX_LENGTH}
 * characters, and every match may read at most {@link #STEP_BUDGET} characters of the sentence; a match that needs
 * more throws {@link TooSlow} (callers then treat the sentence as not ignored, so the change still alerts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IgnoreRule(String text, String regex) {
  /** Longest pattern accepted, in characters. */
  public static final int MAX_LENGTH = 200;
  /** Fewest non-blank characters of a literal: shorter ones would match nearly every sentence. */
  public static final int MIN_TEXT = 3;
  /** Most characters one regular-expression match may read before it is abandoned. */
  public static final long STEP_BUDGET = 1_000_000;
  /** Texts a backtracking-prone expression chokes on; a rule must get through each within the budget. */
  private static final String[] PROBES = {
      "a".repeat(48) + "!", "1".repeat(48) + "x", " ".repeat(48) + "x", "ab".repeat(24) + "!",
      "Last reviewed by Alice Example on 2024-01-01. ".repeat(4) + "!"};
  private static final int CACHE_LIMIT = 1024;
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  public IgnoreRule {
    if ((text == null) == (regex == null)) {
      throw new IllegalArgumentException("an ignore rule is either a text or a regex (exactly one of them)");
    }
  }

  public static IgnoreRule text(String text) {
    return new IgnoreRule(text, null);
  }

  public static IgnoreRule regex(String regex) {
    return new IgnoreRule(null, regex);
  }

  /** Reads a plain string (a literal) or an object with {@code text} or {@code regex}. */
  @JsonCreator
  public static IgnoreRule fromJson(JsonNode node) {
    if (node.isTextual()) {
      return text(node.asText());
    }
    if (node.isObject()) {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.removeAll(java.util.Set.of("text", "regex"));
      if (!keys.isEmpty()) {
        throw new IllegalArgumentException("unknown key \"" + keys.iterator().next()
            + "\" in an ignore rule (known keys: regex, text)");
      }
      JsonNode t = node.get("text");
      JsonNode r = node.get("regex");
      return new IgnoreRule(t == null || t.isNull() ? null : t.asText(), r == null || r.isNull() ? null : r.asText());
    }
    throw new IllegalArgumentException("an ignore rule is a text or {regex: ...}, not " + node);
  }

  /**
   * Checks the rule can be used safely: not too short or long, a regular expression that compiles, does not match
   * every sentence (the empty text) and gets through the backtracking probes within the budget.
   *
   * @throws IllegalArgumentException with the reason
   */
  public void validate() {
    if (text != null) {
      if (text.strip().length() < MIN_TEXT) {
        throw new IllegalArgumentException("an ignore text needs at least " + MIN_TEXT
            + " characters (a shorter one would match nearly every sentence): '" + text + "'");
      }
      if (text.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("an ignore text is at most " + MAX_LENGTH + " characters long");
      }
      return;
    }
    if (regex.isBlank()) {
      throw new IllegalArgumentException("an ignore regex cannot be empty");
    }
    if (regex.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("an ignore regex is at most " + MAX_LENGTH + " characters long");
    }
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("not a valid regular expression: '" + regex + "' ("
          + e.getDescription() + " near index " + e.getIndex() + ")");
    }
    if (p.matcher("").find()) {
      throw new IllegalArgumentException("the regex '" + regex + "' matches the empty text, so it would ignore "
          + "every sentence");
    }
    for (String probe : PROBES) {
      try {
        find(p, probe);
      } catch (TooSlow e) {
        throw new IllegalArgumentException("the regex '" + regex + "' backtracks too much (it reads more than "
            + STEP_BUDGET + " characters on a " + probe.length() + "-character test text); simplify it, e.g. "
            + "avoid nested repetition such as (a+)+");
      }
    }
  }

  /**
   * Whether {@code sentence} contains this rule's text (ignoring case) or a match of its regex.
   *
   * @throws TooSlow when the regex reads more than {@link #STEP_BUDGET} characters
   * @throws IllegalArgumentException for a regex that does not compile (validate rules when they are read)
   */
  public boolean matches(String sentence) {
    if (sentence == null) {
      return false;
    }
    if (text != null) {
      return sentence.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }
    return find(compiled(regex), sentence);
  }

  /** How the rule reads to people: the text in quotes, or the regex between slashes. */
  public String describe() {
    return text != null ? "\"" + text + "\"" : "/" + regex + "/";
  }

  private static Pattern compiled(String regex) {
    Pattern p = COMPILED.get(regex);
    if (p == null) {
      if (COMPILED.size() >= CACHE_LIMIT) {
        COMPILED.clear();
      }
      p = Pattern.compile(regex);
      COMPILED.put(regex, p);
    }
    return p;
  }

  private static boolean find(Pattern p, String s) {
    return p.matcher(new Budgeted(s, 0, s.length(), new long[] {STEP_BUDGET})).find();
  }

  /** A regular expression needed more than {@link #STEP_BUDGET} character reads on one sentence. */
  public static final class TooSlow extends RuntimeException {
    TooSlow() {
      super("an ignore regex read more than " + STEP_BUDGET + " characters of one sentence", null, false, false);
    }
  }

  /** A view of a string that counts the characters the regex engine reads, and stops it past the budget. */
  private record Budgeted(String s, int from, int to, long[] left) implements CharSequence {
    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new TooSlow();
      }
      return s.charAt(from + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(s, from + start, from + end, left);
    }

    @Override
    public String toString() {
      return s.substring(from, to);
    }
  }
}
