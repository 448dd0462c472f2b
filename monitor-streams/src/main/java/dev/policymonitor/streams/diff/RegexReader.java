package dev.policymonitor.streams.diff;

import dev.policymonitor.streams.diff.Prefilter.Need;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a pattern, each construct giving what every match of it must contain: a sequence needs all the needs of
 * its mandatory parts (runs of literal characters are words), an alternation the needs of one of its branches.
 */
final class RegexReader {
  private final String regex;
  private int at;
  /** The most repetitions the last quantifier read allows. */
  private int lastMax = 1;

  private RegexReader(String regex) {
    this.regex = regex;
  }

  /** What every match of {@code regex} needs; empty when the regex uses syntax this reader does not know. */
  static Optional<Need> needOf(String regex) {
    try {
      RegexReader reader = new RegexReader(regex);
      Need need = reader.alternation();
      return reader.at < regex.length() ? Optional.empty() : Optional.of(need);
    } catch (Unsupported | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Need alternation() {
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
          && Prefilter.fold(Prefilter.fold((char) literal)) == Prefilter.fold((char) literal);
      if (usable && min >= 1) {
        run.append(Prefilter.fold((char) literal));
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

  /** Syntax this reader does not know: the pattern gets no condition. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }
}
