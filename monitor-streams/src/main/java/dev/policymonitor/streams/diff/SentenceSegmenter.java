package dev.policymonitor.streams.diff;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.text.FilteredBreakIteratorBuilder;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits the normalizer's Markdown into blocks (headings, list items and paragraphs are separate blocks)
 * and blocks into sentences with ICU, never breaking after a known abbreviation ("e.g.", "Inc.", "U.S.", "z. B.",
 * "p. ex.", "bijv."). ICU's {@link FilteredBreakIteratorBuilder} suppresses breaks after one-period abbreviations
 * ("Inc.", "Dr.") and, for a language it knows, after that language's usual ones; ICU 79 ignores suppressions with
 * inner periods ("e.g.", "U.S.", "i.e."), so a break after one of those is undone by merging the two pieces.
 *
 * <p>{@link #forLanguage} segments with ICU's rules for that locale plus its abbreviations; the default segmenter
 * (language unknown) uses English rules plus every bundled language's abbreviations. In every language a
 * sentence also ends at the CJK marks {@code 。！？} even with no space after them, and at a Korean sentence end
 * ("...다." / "...요.") directly followed by the next sentence. Instances are thread-safe: each call works on its
 * own iterator copy.
 */
public final class SentenceSegmenter {
  /** Abbreviations after which a period never ends a sentence; lower-case forms are added automatically. */
  public static final List<String> ABBREVIATIONS = List.of("e.g.", "i.e.", "Inc.", "Ltd.", "Corp.", "Co.", "Dr.",
      "Mr.", "Mrs.", "Ms.", "No.", "Nos.", "Sec.", "Art.", "U.S.", "U.K.", "E.U.", "etc.", "vs.", "approx.",
      "cf.", "para.", "Para.", "St.", "Ste.", "Jr.", "Sr.", "Fig.", "Ch.", "Reg.", "LLC.", "Pty.", "Bhd.", "a.k.a.");

  /** A Markdown link target or a bare URL. */
  private static final Pattern URL = Pattern.compile("(?<=\\]\\()[^)\\s]+(?=\\))|\\bhttps?://[^\\s)\\]]*[^\\s)\\].,;:!?'\"]");
  private static final char MASK = '\uE000';
  private static final Pattern OWN_BLOCK_LINE =
      Pattern.compile("^\\s*(#{1,6}\\s|[-*+•]\\s|\\d{1,3}[.)]\\s|>|\\|).*");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
  private static final Pattern BOLD_ONLY = Pattern.compile("^\\*\\*([^*]{1,120})\\*\\*:?$");

  /** Abbreviations of the other bundled languages (a period after them never ends a sentence). */
  public static final Map<String, List<String>> LANGUAGE_ABBREVIATIONS = Map.of(
      "fr", List.of("p. ex.", "M.", "MM.", "Mme.", "Mlle.", "env.", "n°.", "av.", "chap.", "éd.", "cf."),
      "de", List.of("z. B.", "z.B.", "bzw.", "ggf.", "usw.", "Abs.", "Nr.", "ca.", "d. h.", "d.h.", "u. a.", "u.a.",
          "inkl.", "evtl.", "gem.", "vgl.", "Str.", "bspw.", "sog.", "zzgl.", "lt."),
      "es", List.of("p. ej.", "Sr.", "Sra.", "Srta.", "núm.", "pág.", "aprox.", "Ud.", "Uds.", "S.L.", "S.A.", "Dña."),
      "it", List.of("ecc.", "p. es.", "Sig.", "Sig.ra.", "pag.", "S.p.A.", "S.r.l.", "n.", "cfr."),
      "pt", List.of("p. ex.", "Sr.", "Sra.", "pág.", "n.º", "Lda.", "S.A.", "ex.", "aprox."),
      "nl", List.of("bijv.", "o.a.", "d.w.z.", "m.b.t.", "enz.", "nr.", "t.a.v.", "i.v.m.", "z.s.m.", "B.V.", "N.V."),
      "ko", List.of(),
      "ja", List.of());
  private static final Pattern CJK_END = Pattern.compile("(?<=[。！？])(?=[^\\s」』）)\\]】”’\"])");
  private static final Pattern KOREAN_END = Pattern.compile("(?<=[\\uAC00-\\uD7A3][.!?])(?=[\\uAC00-\\uD7A3])");

  /** Lower-case forms that are also ordinary words at the end of a sentence ("the answer is no."). */
  private static final Set<String> ORDINARY_WORDS =
      Set.of("no.", "co.", "art.", "sec.", "st.", "ch.", "fig.", "reg.", "para.", "nos.");

  private final BreakIterator prototype;
  private final Set<String> abbreviations = new HashSet<>();

  public SentenceSegmenter() {
    this(List.of());
  }

  /** A segmenter that also keeps {@code extraAbbreviations} (e.g. "GmbH.") inside sentences. */
  public SentenceSegmenter(List<String> extraAbbreviations) {
    this(ULocale.ENGLISH, withAll(extraAbbreviations));
  }

  /**
   * A segmenter for {@code language} (a BCP 47 tag such as {@code fr} or {@code ko-KR}): ICU's sentence rules and
   * abbreviations for that locale plus the language's entry in {@link #LANGUAGE_ABBREVIATIONS}; the default
   * segmenter when the language is null or blank.
   */
  public static SentenceSegmenter forLanguage(String language) {
    if (language == null || language.isBlank()) {
      return new SentenceSegmenter();
    }
    ULocale locale = ULocale.forLanguageTag(language.trim().replace('_', '-'));
    String primary = locale.getLanguage();
    return new SentenceSegmenter(locale, LANGUAGE_ABBREVIATIONS.getOrDefault(primary, List.of()));
  }

  private static List<String> withAll(List<String> extra) {
    List<String> all = new ArrayList<>(extra);
    LANGUAGE_ABBREVIATIONS.values().forEach(all::addAll);
    return all;
  }

  private SentenceSegmenter(ULocale locale, List<String> extraAbbreviations) {
    FilteredBreakIteratorBuilder builder = FilteredBreakIteratorBuilder.getInstance(locale);
    List<String> all = new ArrayList<>(ABBREVIATIONS);
    all.addAll(extraAbbreviations);
    for (String abbreviation : all) {
      abbreviations.add(abbreviation);
      builder.suppressBreakAfter(abbreviation);
      String lower = abbreviation.toLowerCase(Locale.ROOT);
      if (!ORDINARY_WORDS.contains(lower)) {
        abbreviations.add(lower);
        builder.suppressBreakAfter(lower);
      }
    }
    this.prototype = builder.wrapIteratorWithFilter(BreakIterator.getSentenceInstance(locale));
  }

  /** One block of the text: a heading, a list item, a table row, a quote or a paragraph. */
  public record Block(String text, boolean heading) {
    /** The heading's words without Markdown marks; the text itself for other blocks. */
    public String title() {
      var m = HEADING.matcher(text);
      String t = text.startsWith("#") && m.matches() ? m.group(2) : text;
      var bold = BOLD_ONLY.matcher(t.trim());
      return (bold.matches() ? bold.group(1) : t).replace("**", "").trim();
    }
  }

  /** The blocks of a Markdown text, in order; soft line breaks inside a paragraph become spaces. */
  public List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : markdown.replace("\r\n", "\n").split("\n")) {
      if (line.isBlank()) {
        // A line of regex whitespace only (\s: no other space) between two lines ends a paragraph.
        if (onlyRegexSpace(line)) {
          flush(paragraph, blocks);
        }
        continue;
      }
      if (mayOwnBlock(line) && OWN_BLOCK_LINE.matcher(line).matches()) {
        flush(paragraph, blocks);
        add(line, blocks);
      } else {
        if (paragraph.length() > 0) {
          paragraph.append(' ');
        }
        paragraph.append(line.strip());
      }
    }
    flush(paragraph, blocks);
    return blocks;
  }

  /** True when {@code line} holds only characters of the regex class {@code \s} (or nothing). */
  private static boolean onlyRegexSpace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (!regexSpace(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean regexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** The cheap test before {@link #OWN_BLOCK_LINE}: its first character after spaces can start such a line. */
  private static boolean mayOwnBlock(String line) {
    int i = 0;
    while (i < line.length() && regexSpace(line.charAt(i))) {
      i++;
    }
    return i < line.length() && "#-*+•>|0123456789".indexOf(line.charAt(i)) >= 0;
  }

  /** The sentences of one block; a heading is one sentence. Whitespace inside sentences is collapsed. */
  public List<String> sentences(Block block) {
    return block.heading() ? List.of(block.text()) : sentences(block.text());
  }

  /** The sentences of a run of prose. */
  public List<String> sentences(String prose) {
    // Link targets and URLs hold "?" and "." that ICU would take for sentence ends: hide them while splitting.
    List<String> hidden = new ArrayList<>();
    Matcher m = URL.matcher(prose);
    StringBuilder masked = new StringBuilder();
    while (m.find()) {
      hidden.add(m.group());
      m.appendReplacement(masked, String.valueOf(MASK));
    }
    m.appendTail(masked);
    String text = masked.toString();
    BreakIterator it = (BreakIterator) prototype.clone();
    it.setText(text);
    List<String> out = new ArrayList<>();
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; end = it.next()) {
      if (end < text.length() && (endsWithAbbreviation(text.substring(start, end)) || opensBracket(text, start, end))) {
        continue;
      }
      for (String piece : splitCjk(text.substring(start, end))) {
        String sentence = collapse(unmask(piece, hidden));
        if (!sentence.isEmpty()) {
          out.add(sentence);
        }
      }
      start = end;
    }
    return out;
  }

  /** A piece split further at CJK sentence marks and Korean sentence ends not followed by a space. */
  private static List<String> splitCjk(String piece) {
    if (piece.chars().noneMatch(c -> c >= 0x3000)) {
      return List.of(piece);
    }
    List<String> out = new ArrayList<>();
    for (String part : CJK_END.split(piece)) {
      out.addAll(List.of(KOREAN_END.split(part)));
    }
    return out;
  }

  /** Puts the hidden URLs back, in order (sentences are produced in text order). */
  private static String unmask(String piece, List<String> hidden) {
    if (piece.indexOf(MASK) < 0) {
      return piece;
    }
    StringBuilder out = new StringBuilder();
    for (char c : piece.toCharArray()) {
      if (c == MASK) {
        out.append(hidden.remove(0));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private boolean endsWithAbbreviation(String piece) {
    String trimmed = piece.stripTrailing();
    for (String abbreviation : abbreviations) {
      if (abbreviation.indexOf(' ') > 0 && trimmed.endsWith(abbreviation)
          && (trimmed.length() == abbreviation.length()
              || !Character.isLetter(trimmed.charAt(trimmed.length() - abbreviation.length() - 1)))) {
        return true;
      }
    }
    int space = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\u00a0'));
    int first = space + 1;
    while (first < trimmed.length() && "([\"“‘'«".indexOf(trimmed.charAt(first)) >= 0) {
      first++;
    }
    return abbreviations.contains(trimmed.substring(first));
  }

  /**
   * True when {@code text[start, end)} ends in an opening bracket, regex whitespace and at most one line terminator
   * (as {@code [(\[]\s*$} finds): never a whole sentence.
   */
  private static boolean opensBracket(String text, int start, int end) {
    if (end > start && "\u0085\u2028\u2029".indexOf(text.charAt(end - 1)) >= 0) {
      return bracketBefore(text, start, end - 1);
    }
    return bracketBefore(text, start, end);
  }

  private static boolean bracketBefore(String text, int start, int end) {
    int i = end - 1;
    while (i >= start && regexSpace(text.charAt(i))) {
      i--;
    }
    return i >= start && (text.charAt(i) == '(' || text.charAt(i) == '[');
  }

  /** Runs of regex whitespace and no-break spaces as one space, then stripped. */
  static String collapse(String s) {
    char[] out = new char[s.length()];
    int length = 0;
    boolean inSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (regexSpace(c) || c == '\u00a0') {
        if (!inSpace) {
          out[length++] = ' ';
          inSpace = true;
        }
      } else {
        out[length++] = c;
        inSpace = false;
      }
    }
    return new String(out, 0, length).strip();
  }

  private static void flush(StringBuilder paragraph, List<Block> blocks) {
    if (paragraph.length() > 0) {
      add(paragraph.toString(), blocks);
      paragraph.setLength(0);
    }
  }

  private static void add(String raw, List<Block> blocks) {
    String text = collapse(raw);
    if (!text.isEmpty()) {
      boolean heading = text.startsWith("#") && HEADING.matcher(text).matches()
          || text.startsWith("**") && BOLD_ONLY.matcher(text).matches();
      blocks.add(new Block(text, heading));
    }
  }
}
