package dev.policymonitor.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer.Form;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written text loops of the normalizer give exactly what the regular expressions they replaced gave
 * (kept here as the reference), on random strings drawn from the characters those expressions treat specially: an
 * optimization must never change a version text.
 */
class RegexFreeEquivalenceTest {
  private static final String ALPHABET = "ab Z1.\n\n\r\t\u000b\f\u0085\u00a0\u2007\u3000\u1680\u00ad\u200b\u200d"
      + "\ufeff\u2060\u0001\u001f\u007f\u2028\u2029\ue000\ufb01\u00e9e\u0301\u0130#-|>";
  private static final int CASES = 20_000;

  private final Random random = new Random(42);

  @Test
  void shouldCanonicalizeLikeTheRegularExpressions() {
    for (int i = 0; i < CASES; i++) {
      String s = randomText(ALPHABET, 12);
      assertThat(TextCanonicalizer.canonical(s)).as("canonical(%s)", visible(s)).isEqualTo(Reference.canonical(s));
    }
  }

  @Test
  void shouldTidyLikeTheRegularExpressions() {
    for (int i = 0; i < CASES; i++) {
      String s = randomText("a  \n\n\n\r\u0085\u2028\u2029 b\t", 16);
      assertThat(TextCanonicalizer.tidy(s)).as("tidy(%s)", visible(s)).isEqualTo(Reference.tidy(s));
      assertThat(TextCanonicalizer.withoutTrailingSpaces(s)).as("trailing(%s)", visible(s))
          .isEqualTo(Reference.TRAILING_SPACES.matcher(s).replaceAll(""));
    }
  }

  @Test
  void shouldCollapseInlineTextLikeTheRegularExpressions() {
    for (int i = 0; i < CASES; i++) {
      String s = randomText(ALPHABET + "  \u2028\u2028\n", 14);
      assertThat(MarkdownWriter.collapse(s)).as("collapse(%s)", visible(s)).isEqualTo(Reference.collapse(s));
    }
  }

  @Test
  void shouldTellTheSameLanguageAsCountingWithSplit() {
    List<String> words = List.of("the", "and", "les", "des", "der", "die", "el", "los", "il", "di", "os", "em", "het",
        "een", "Données", "DATEN", "İ", "x", "123", "한국", "ひら", "漢字", "カナ", "-", " ", ". ", "\n");
    for (int i = 0; i < CASES / 4; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(60);
      for (int w = 0; w < n; w++) {
        text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(4) == 0 ? "" : " ");
      }
      String s = text.toString();
      assertThat(LanguageDetector.detect(s)).as("detect(%s)", s).isEqualTo(Reference.detect(s));
    }
  }

  private String randomText(String alphabet, int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static String visible(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return b.toString();
  }

  /** The regular-expression implementations the loops replaced (normalizer version 4). */
  private static final class Reference {
    static final Pattern INVISIBLE = Pattern.compile("[\\u00ad\\u200b\\u200c\\u200d\\u2060\\ufeff\\u180e\\u034f]");
    static final Pattern ODD_SPACE = Pattern.compile("[\\p{Zs}\\t\\x0b\\f\\u0085]");
    static final Pattern TRAILING_SPACES = Pattern.compile("(?m)[ ]+$");
    static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");
    static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0e-\\x1f\\x7f]");
    static final char LINE_MARK = '\ue000';
    static final Pattern SPACES = Pattern.compile("[ \\n]+");
    static final Pattern LINE_MARKS = Pattern.compile(" ?" + LINE_MARK + " ?");
    static final Pattern BLANK_LINES = Pattern.compile("\n{2,}");

    static String canonical(String s) {
      String t = INVISIBLE.matcher(s).replaceAll("");
      if (!java.text.Normalizer.isNormalized(t, Form.NFKC)) {
        t = java.text.Normalizer.normalize(t, Form.NFKC);
      }
      t = t.replace('\u2028', '\n').replace('\u2029', '\n').replace("\r\n", "\n").replace('\r', '\n');
      t = CONTROL.matcher(t).replaceAll("");
      return ODD_SPACE.matcher(t).replaceAll(" ");
    }

    static String tidy(String text) {
      String t = TRAILING_SPACES.matcher(text).replaceAll("");
      t = BLANK_RUNS.matcher(t).replaceAll("\n\n");
      return t.strip();
    }

    static String collapse(String raw) {
      String t = canonical(raw.replace('\u2028', LINE_MARK));
      t = SPACES.matcher(t).replaceAll(" ");
      t = LINE_MARKS.matcher(t).replaceAll("\n");
      t = BLANK_LINES.matcher(t).replaceAll("\n");
      return t.strip();
    }

    static final Map<String, Set<String>> WORDS = Map.of(
        "en", Set.of("the", "and", "of", "to", "we", "you", "your", "is", "are", "for", "with", "that", "this", "our",
            "or", "may", "by", "information", "which", "be"),
        "fr", Set.of("le", "les", "des", "et", "du", "vous", "nous", "vos", "est", "pour", "avec", "une", "données",
            "sur", "au", "aux", "ou", "dans", "qui", "votre"),
        "de", Set.of("der", "die", "das", "und", "ist", "wir", "sie", "ihre", "nicht", "mit", "für", "von", "zu",
            "auf", "daten", "werden", "eine", "den", "dem", "oder"),
        "es", Set.of("el", "los", "las", "y", "que", "en", "sus", "para", "con", "por", "una", "datos", "usted",
            "nuestros", "del", "su", "como", "se", "al", "o"),
        "it", Set.of("il", "dei", "delle", "di", "che", "per", "con", "sono", "dati", "gli", "della", "nel", "non",
            "degli", "alla", "ai", "si", "o", "è", "utente"),
        "pt", Set.of("os", "em", "para", "com", "por", "uma", "dados", "seus", "você", "não", "do", "da", "dos",
            "das", "ao", "ou", "na", "no", "que", "é"),
        "nl", Set.of("het", "een", "en", "van", "ons", "onze", "uw", "wij", "je", "niet", "met", "voor", "zijn",
            "gegevens", "dat", "op", "worden", "wordt", "deze", "jouw"));

    static Optional<String> detect(String text) {
      String sample = text.length() > 20_000 ? text.substring(0, 20_000) : text;
      int letters = 0;
      int hangul = 0;
      int kana = 0;
      int han = 0;
      for (int i = 0; i < sample.length(); ) {
        int cp = sample.codePointAt(i);
        i += Character.charCount(cp);
        if (!Character.isLetter(cp)) {
          continue;
        }
        letters++;
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        if (script == Character.UnicodeScript.HANGUL) {
          hangul++;
        } else if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
          kana++;
        } else if (script == Character.UnicodeScript.HAN) {
          han++;
        }
      }
      if (letters == 0) {
        return Optional.empty();
      }
      if (hangul > 0.3 * letters) {
        return Optional.of("ko");
      }
      if (kana > 0.05 * letters && kana + han > 0.3 * letters) {
        return Optional.of("ja");
      }
      if (han > 0.3 * letters) {
        return Optional.of("zh");
      }
      Map<String, Integer> hits = new HashMap<>();
      for (String word : sample.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
        for (Map.Entry<String, Set<String>> e : WORDS.entrySet()) {
          if (e.getValue().contains(word)) {
            hits.merge(e.getKey(), 1, Integer::sum);
          }
        }
      }
      String best = null;
      int first = 0;
      int second = 0;
      for (Map.Entry<String, Integer> e : hits.entrySet()) {
        if (e.getValue() > first) {
          second = first;
          first = e.getValue();
          best = e.getKey();
        } else if (e.getValue() > second) {
          second = e.getValue();
        }
      }
      return best != null && first >= 8 && first >= 1.3 * second ? Optional.of(best) : Optional.empty();
    }
  }
}
