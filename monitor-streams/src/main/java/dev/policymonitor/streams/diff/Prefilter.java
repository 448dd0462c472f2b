package dev.policymonitor.streams.diff;

import java.util.ArrayList;
import java.util.List;
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
  private static final Prefilter NONE = new Prefilter(Need.all(List.of()));
  private static final int UNSUPPORTED_FLAGS = Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ;

  private final Need need;

  private Prefilter(Need need) {
    this.need = need;
  }

  /** The condition of {@code pattern}; none when its syntax or flags are beyond this reader. */
  public static Prefilter of(Pattern pattern) {
    if ((pattern.flags() & UNSUPPORTED_FLAGS) != 0) {
      return NONE;
    }
    try {
      Reader reader = new Reader(pattern.pattern());
      Need all = reader.alternation();
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
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /** False when the pattern cannot match {@code folded} ({@link #fold} of the text). */
  public boolean mayMatch(String folded) {
    return need.in(folded);
  }

  /** True when this filter can reject a text (the pattern has required words). */
  public boolean selective() {
    return !need.always();
  }

  /** The condition as {@code all(any(we, us), collect)}, for tests. */
  @Override
  public String toString() {
    return need.toString();
  }

  /** What a match needs: a word, all of some needs, or any of them. */
  private record Need(String word, List<Need> parts, boolean all) {
    static Need word(String w) {
      return new Need(w, List.of(), true);
    }

    /** All of {@code parts}: nothing at all when there are none. */
    static Need all(List<Need> parts) {
      List<Need> kept = parts.stream().filter(p -> !p.always()).toList();
      return kept.size() == 1 ? kept.get(0) : new Need(null, kept, true);
    }

    /** Any of {@code parts}: nothing at all when one of them needs nothing. */
    static Need any(List<Need> parts) {
      if (parts.stream().anyMatch(Need::always)) {
        return all(List.of());
      }
      return parts.size() == 1 ? parts.get(0) : new Need(null, List.copyOf(parts), false);
    }

    boolean always() {
      return word == null && all && parts.isEmpty();
    }

    boolean in(String folded) {
      if (word != null) {
        return folded.contains(word);
      }
      for (Need p : parts) {
        if (p.in(folded) != all) {
          return !all;
        }
      }
      return all;
    }

    @Override
    public String toString() {
      if (word != null) {
        return word;
      }
      return (all ? "all" : "any") + parts.stream().map(Need::toString).collect(
          java.util.stream.Collectors.joining(", ", "(", ")"));
    }
  }

  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads a pattern, each construct giving what every match of it must contain: a sequence needs all the needs of
   * its mandatory parts (runs of literal characters are words), an alternation the needs of one of its branches.
   */
  private static final class Reader {
    private final String regex;
    private int at;

    Reader(String regex) {
      this.regex = regex;
    }

    Need alternation() {
      List<Need> branches = new ArrayList<>();
      branches.add(sequence());
      while (at < regex.length() && regex.charAt(at) == '|') {
        at++;
        branches.add(sequence());
      }
      return Need.any(branches);
    }

    private Need sequence() {
      List<Need> out = new ArrayList<>();
      StringBuilder run = new StringBuilder();
      while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
        int literal = -1;
        Need inner = Need.all(List.of());
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
            out.add(inner);
          }
        }
      }
      flush(run, out);
      return Need.all(out);
    }

    /** True when the quantifier just read allowed more than one repetition (run of literals ends there). */
    private boolean repeated() {
      return lastMax != 1;
    }

    private int lastMax = 1;

    private static void flush(StringBuilder run, List<Need> out) {
      if (run.length() > 0) {
        out.add(Need.word(run.toString()));
        run.setLength(0);
      }
    }

    /** A group: capturing, {@code (?:...)}, or a look-around (zero-width: requires nothing). */
    private Need group() {
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
      Need inner = alternation();
      if (at >= regex.length() || regex.charAt(at) != ')') {
        throw new Unsupported();
      }
      at++;
      return lookAround ? Need.all(List.of()) : inner;
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
