package dev.policymonitor.streams.diff;

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

  /** The condition of {@code pattern}; none when its syntax or flags are beyond {@link RegexReader}. */
  public static Prefilter of(Pattern pattern) {
    if ((pattern.flags() & UNSUPPORTED_FLAGS) != 0) {
      return NONE;
    }
    return RegexReader.needOf(pattern.pattern()).map(Prefilter::new).orElse(NONE);
  }

  /** The text as compared with a pattern's words: each character folded the way case-insensitive matching does. */
  public static String fold(CharSequence text) {
    char[] out = new char[text.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(text.charAt(i));
    }
    return new String(out);
  }

  static char fold(char c) {
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
  record Need(String word, List<Need> parts, boolean all) {
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

}
