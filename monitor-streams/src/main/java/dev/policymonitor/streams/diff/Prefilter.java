package dev.policymonitor.streams.diff;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cheap necessary condition for a regular expression to find a match: the literal words any match must contain,
 * read from the pattern ({@code \b(we|us|our)\b.{0,60}\b(collect|use)} needs one of "we", "us", "our" and one of
 * "collect", "use"). {@link #mayMatch} on a {@link #fold folded} text is false only when the pattern cannot match
 * it, so {@code mayMatch(fold(s)) || !pattern.matcher(s).find()} always holds: a caller skips the regex, never
 * changes its answer. Case-insensitive patterns are covered because folding maps every character a pattern
 * character matches, with or without {@code CASE_INSENSITIVE} and {@code UNICODE_CASE}, to the same character.
 * A pattern this reader does not understand (inline flags, back references, quoting, nested classes) gets no
 * condition: {@link #mayMatch} is then always true.
 */
public final class Prefilter {
  private static final Prefilter NONE = new Prefilter(List.of());
  private static final int UNSUPPORTED_FLAGS = Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ;

  /** Every set must have one of its words in the text. */
  private final List<Set<String>> required;

  private Prefilter(List<Set<String>> required) {
    this.required = List.copyOf(required);
  }

  /** The condition of {@code pattern}; none when its syntax or flags are beyond this reader. */
  public static Prefilter of(Pattern pattern) {
    if ((pattern.flags() & UNSUPPORTED_FLAGS) != 0) {
      return NONE;
    }
    try {
      Reader reader = new Reader(pattern.pattern());
      List<Set<String>> all = reader.alternation();
      return reader.at < reader.regex.length() ? NONE : new Prefilter(all);
    } catch (Unsupported e) {
      return NONE;
    }
  }

  /** The text as compared with a pattern's words: each character folded the way case-insensitive matching does. */
  public static String fold(CharSequence text) {
    char[] out = new char[text.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(text.charAt(i));
    }
    return new String(out);
  }

  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /** False when the pattern cannot match {@code folded} ({@link #fold} of the text). */
  public boolean mayMatch(String folded) {
    for (Set<String> anyOf : required) {
      if (!containsAny(folded, anyOf)) {
        return false;
      }
    }
    return true;
  }

  /** True when this filter can reject a text (the pattern has required words). */
  public boolean selective() {
    return !required.isEmpty();
  }

  /** The required words, for tests: each set needs one of its words. */
  List<Set<String>> required() {
    return required;
  }

  private static boolean containsAny(String folded, Set<String> words) {
    for (String w : words) {
      if (folded.contains(w)) {
        return true;
      }
    }
    return false;
  }

  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads a pattern, each construct giving the word sets every match of it must contain. A sequence needs every
   * word set of its mandatory parts; an alternation one word of any branch (the branch's most selective set).
   */
  private static final class Reader {
    private final String regex;
    private int at;

    Reader(String regex) {
      this.regex = regex;
    }

    List<Set<String>> alternation() {
      List<List<Set<String>>> branches = new ArrayList<>();
      branches.add(sequence());
      while (at < regex.length() && regex.charAt(at) == '|') {
        at++;
        branches.add(sequence());
      }
      if (branches.size() == 1) {
        return branches.get(0);
      }
      Set<String> anyOf = new LinkedHashSet<>();
      for (List<Set<String>> branch : branches) {
        if (branch.isEmpty()) {
          return List.of();
        }
        anyOf.addAll(best(branch));
      }
      return List.of(anyOf);
    }

    /** The set whose shortest word is longest: the likeliest to be absent. */
    private static Set<String> best(List<Set<String>> sets) {
      Set<String> best = sets.get(0);
      for (Set<String> s : sets) {
        if (shortest(s) > shortest(best)) {
          best = s;
        }
      }
      return best;
    }

    private static int shortest(Set<String> words) {
      return words.stream().mapToInt(String::length).min().orElse(0);
    }

    private List<Set<String>> sequence() {
      List<Set<String>> out = new ArrayList<>();
      StringBuilder run = new StringBuilder();
      while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
        int literal = -1;
        List<Set<String>> inner = List.of();
        char c = regex.charAt(at);
        if (c == '(') {
          inner = group();
        } else if (c == '[') {
          skipClass();
        } else if (c == '\\') {
          literal = escape();
        } else if (c == '.' || c == '^' || c == '$') {
          at++;
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
          throw new Unsupported();
        } else {
          literal = c;
          at++;
        }
        int min = quantifier();
        boolean usable = literal >= 0 && !Character.isSurrogate((char) literal)
            && fold(fold((char) literal)) == fold((char) literal);
        if (usable && min >= 1) {
          run.append(fold((char) literal));
          if (min != 1 || repeated()) {
            flush(run, out);
          }
        } else {
          flush(run, out);
          if (min >= 1) {
            out.addAll(inner);
          }
        }
      }
      flush(run, out);
      return out;
    }

    /** True when the quantifier just read allowed more than one repetition (run of literals ends there). */
    private boolean repeated() {
      return lastMax != 1;
    }

    private int lastMax = 1;

    private static void flush(StringBuilder run, List<Set<String>> out) {
      if (run.length() > 0) {
        out.add(Set.of(run.toString()));
        run.setLength(0);
      }
    }

    /** A group: capturing, {@code (?:...)}, or a look-around (zero-width: requires nothing). */
    private List<Set<String>> group() {
      at++;
      boolean lookAround = false;
      if (regex.startsWith("?:", at)) {
        at += 2;
      } else if (regex.startsWith("?=", at) || regex.startsWith("?!", at)) {
        at += 2;
        lookAround = true;
      } else if (regex.startsWith("?<=", at) || regex.startsWith("?<!", at)) {
        at += 3;
        lookAround = true;
      } else if (at < regex.length() && regex.charAt(at) == '?') {
        throw new Unsupported();
      }
      List<Set<String>> inner = alternation();
      if (at >= regex.length() || regex.charAt(at) != ')') {
        throw new Unsupported();
      }
      at++;
      return lookAround ? List.of() : inner;
    }

    private void skipClass() {
      at++;
      if (at < regex.length() && regex.charAt(at) == '^') {
        at++;
      }
      boolean first = true;
      while (at < regex.length()) {
        char c = regex.charAt(at);
        if (c == ']' && !first) {
          at++;
          return;
        }
        if (c == '[' || (c == '&' && regex.startsWith("&&", at))) {
          throw new Unsupported();
        }
        if (c == '\\') {
          if (at + 1 < regex.length() && Character.isLetterOrDigit(regex.charAt(at + 1))
              && "tnrfsSdDwWuhH".indexOf(regex.charAt(at + 1)) < 0) {
            char kind = regex.charAt(at + 1);
            if (kind != 'p' && kind != 'P') {
              throw new Unsupported();
            }
            skipProperty();
            first = false;
            continue;
          }
          at++;
        }
        at++;
        first = false;
      }
      throw new Unsupported();
    }

    /** An escape: the literal character, or -1 for a class ({@code \s}, {@code \p{L}}) or an anchor ({@code \b}). */
    private int escape() {
      if (at + 1 >= regex.length()) {
        throw new Unsupported();
      }
      char c = regex.charAt(at + 1);
      if (!Character.isLetterOrDigit(c)) {
        at += 2;
        return c;
      }
      if ("bBsSdDwWhH".indexOf(c) >= 0) {
        at += 2;
        return -1;
      }
      if (c == 'p' || c == 'P') {
        skipProperty();
        return -1;
      }
      if (c == 'u' && at + 6 <= regex.length()) {
        int code = Integer.parseInt(regex.substring(at + 2, at + 6), 16);
        at += 6;
        return Character.isSurrogate((char) code) ? -1 : code;
      }
      throw new Unsupported();
    }

    private void skipProperty() {
      at += 2;
      if (at < regex.length() && regex.charAt(at) == '{') {
        int end = regex.indexOf('}', at);
        if (end < 0) {
          throw new Unsupported();
        }
        at = end + 1;
      } else {
        at++;
      }
    }

    /** Reads an optional quantifier; returns its least count (1 when none). */
    private int quantifier() {
      lastMax = 1;
      if (at >= regex.length()) {
        return 1;
      }
      char c = regex.charAt(at);
      int min;
      if (c == '?' || c == '*') {
        min = 0;
        lastMax = c == '?' ? 1 : Integer.MAX_VALUE;
        at++;
      } else if (c == '+') {
        min = 1;
        lastMax = Integer.MAX_VALUE;
        at++;
      } else if (c == '{') {
        int end = regex.indexOf('}', at);
        if (end < 0) {
          throw new Unsupported();
        }
        String[] bounds = regex.substring(at + 1, end).split(",", -1);
        try {
          min = Integer.parseInt(bounds[0].trim());
          lastMax = bounds.length == 1 ? min
              : bounds[1].isBlank() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1].trim());
        } catch (NumberFormatException e) {
          throw new Unsupported();
        }
        at = end + 1;
      } else {
        return 1;
      }
      if (at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
        at++;
      }
      return min;
    }
  }
}
