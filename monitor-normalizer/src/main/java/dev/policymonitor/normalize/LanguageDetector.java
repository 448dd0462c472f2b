package dev.policymonitor.normalize;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the language of a policy text without a model: Korean and Japanese by their scripts (Hangul; kana beside
 * kanji), Chinese by Han characters without kana, and English, French, German, Spanish, Italian, Portuguese and
 * Dutch by their most frequent function words. Answers only when one language clearly leads; ICU has no language
 * detector and policy texts are long enough for counting words to be reliable.
 */
public final class LanguageDetector {
  /** The languages this detector can name, as BCP 47 primary tags. */
  public static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "pt", "nl", "ko", "ja", "zh");
  private static final int SAMPLE = 20_000;
  private static final int MIN_HITS = 8;
  private static final double LEAD = 1.3;
  private static final Map<String, Set<String>> WORDS = Map.of(
      "en", Set.of("the", "and", "of", "to", "we", "you", "your", "is", "are", "for", "with", "that", "this", "our",
          "or", "may", "by", "information", "which", "be"),
      "fr", Set.of("le", "les", "des", "et", "du", "vous", "nous", "vos", "est", "pour", "avec", "une", "données",
          "sur", "au", "aux", "ou", "dans", "qui", "votre"),
      "de", Set.of("der", "die", "das", "und", "ist", "wir", "sie", "ihre", "nicht", "mit", "für", "von", "zu", "auf",
          "daten", "werden", "eine", "den", "dem", "oder"),
      "es", Set.of("el", "los", "las", "y", "que", "en", "sus", "para", "con", "por", "una", "datos", "usted",
          "nuestros", "del", "su", "como", "se", "al", "o"),
      "it", Set.of("il", "dei", "delle", "di", "che", "per", "con", "sono", "dati", "gli", "della", "nel", "non",
          "degli", "alla", "ai", "si", "o", "è", "utente"),
      "pt", Set.of("os", "em", "para", "com", "por", "uma", "dados", "seus", "você", "não", "do", "da", "dos", "das",
          "ao", "ou", "na", "no", "que", "é"),
      "nl", Set.of("het", "een", "en", "van", "ons", "onze", "uw", "wij", "je", "niet", "met", "voor", "zijn",
          "gegevens", "dat", "op", "worden", "wordt", "deze", "jouw"));

  /** The languages told by their words, and for each word the languages it counts for (indexes into the list). */
  private static final List<String> WORD_LANGUAGES = List.copyOf(new java.util.TreeSet<>(WORDS.keySet()));
  private static final Map<String, int[]> LANGUAGES_OF_WORD = new HashMap<>();
  /** Hangul Jamo, the first block of the scripts counted by code point (Hangul, kana, Han). */
  private static final int FIRST_CJK_OR_HANGUL = 0x1100;

  /** No word of {@link #WORDS} is longer (in chars): longer runs of letters are not looked up. */
  private static final int LONGEST_WORD = WORDS.values().stream().flatMap(Set::stream).mapToInt(String::length).max()
      .orElse(0);

  static {
    for (int language = 0; language < WORD_LANGUAGES.size(); language++) {
      for (String word : WORDS.get(WORD_LANGUAGES.get(language))) {
        int[] known = LANGUAGES_OF_WORD.getOrDefault(word, new int[0]);
        int[] more = java.util.Arrays.copyOf(known, known.length + 1);
        more[known.length] = language;
        LANGUAGES_OF_WORD.put(word, more);
      }
    }
  }

  private LanguageDetector() {}

  /** The language of {@code text}, or empty when no language clearly leads. */
  public static Optional<String> detect(String text) {
    String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
    int letters = 0;
    int hangul = 0;
    int kana = 0;
    int han = 0;
    for (int i = 0; i < sample.length(); ) {
      char c = sample.charAt(i);
      if (c < 0x80) {
        i++;
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
          letters++;
        }
        continue;
      }
      int cp = sample.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      if (cp < FIRST_CJK_OR_HANGUL) {
        continue; // Latin, Greek, Cyrillic, ...: none of the scripts counted below
      }
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
    int[] hits = new int[WORD_LANGUAGES.size()];
    String lower = sample.toLowerCase(Locale.ROOT);
    // the words of the sample: its runs of letters (what split("[^\\p{L}]+") returns)
    int n = lower.length();
    for (int i = 0; i < n; ) {
      int cp = lower.codePointAt(i);
      if (!Character.isLetter(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n && Character.isLetter(cp = lower.codePointAt(i))) {
        i += Character.charCount(cp);
      }
      int[] languages = i - start > LONGEST_WORD ? null : LANGUAGES_OF_WORD.get(lower.substring(start, i));
      if (languages != null) {
        for (int language : languages) {
          hits[language]++;
        }
      }
    }
    String best = null;
    int first = 0;
    int second = 0;
    for (int language = 0; language < hits.length; language++) {
      if (hits[language] > first) {
        second = first;
        first = hits[language];
        best = WORD_LANGUAGES.get(language);
      } else if (hits[language] > second) {
        second = hits[language];
      }
    }
    return best != null && first >= MIN_HITS && first >= LEAD * second ? Optional.of(best) : Optional.empty();
  }

  /** The primary subtag of a declared language ("fr-FR" -> "fr", "zh_Hant" -> "zh"), or empty when unusable. */
  public static Optional<String> primary(String declared) {
    if (declared == null) {
      return Optional.empty();
    }
    String p = declared.trim().split("[-_,;\\s]", 2)[0].toLowerCase(Locale.ROOT);
    return p.matches("[a-z]{2,3}") ? Optional.of(p) : Optional.empty();
  }
}
