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

  private LanguageDetector() {}

  /** The language of {@code text}, or empty when no language clearly leads. */
  public static Optional<String> detect(String text) {
    String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
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
