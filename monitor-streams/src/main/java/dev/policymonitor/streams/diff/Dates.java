package dev.policymonitor.streams.diff;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and durations in policy text, in English, French, German, Spanish, Italian, Portuguese, Dutch, Korean and
 * Japanese; and the policy's own stated date ("Last updated", "Dernière mise à jour", "Stand", "최종 수정일",
 * "施行日", ...), the one date whose edit alone is not a change of the policy.
 */
public final class Dates {
  /** Month names (full and usual abbreviations) of each Latin-script language, January first. */
  private static final Map<String, List<String>> MONTHS = Map.of(
      "en", List.of("january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul",
          "august|aug", "september|sept|sep", "october|oct", "november|nov", "december|dec"),
      "fr", List.of("janvier|janv", "février|fevrier|févr|fevr", "mars", "avril|avr", "mai", "juin", "juillet|juil",
          "août|aout", "septembre", "octobre", "novembre", "décembre|decembre|déc"),
      "de", List.of("januar|jänner|jan", "februar|feb", "märz|maerz|mär", "april|apr", "mai", "juni|jun",
          "juli|jul", "august|aug", "september|sept|sep", "oktober|okt", "november|nov", "dezember|dez"),
      "es", List.of("enero|ene", "febrero|feb", "marzo|mar", "abril|abr", "mayo|may", "junio|jun", "julio|jul",
          "agosto|ago", "septiembre|setiembre|sept|sep", "octubre|oct", "noviembre|nov", "diciembre|dic"),
      "it", List.of("gennaio|gen", "febbraio|feb", "marzo|mar", "aprile|apr", "maggio|mag", "giugno|giu",
          "luglio|lug", "agosto|ago", "settembre|set", "ottobre|ott", "novembre|nov", "dicembre|dic"),
      "pt", List.of("janeiro|jan", "fevereiro|fev", "março|marco|mar", "abril|abr", "maio|mai", "junho|jun",
          "julho|jul", "agosto|ago", "setembro|set", "outubro|out", "novembro|nov", "dezembro|dez"),
      "nl", List.of("januari|jan", "februari|feb", "maart|mrt", "april|apr", "mei", "juni|jun", "juli|jul",
          "augustus|aug", "september|sept|sep", "oktober|okt", "november|nov", "december|dec"));
  private static final Map<String, Integer> MONTH_NUMBER = new HashMap<>();
  private static final String MONTH;

  static {
    List<String> names = new ArrayList<>();
    for (List<String> months : MONTHS.values()) {
      for (int i = 0; i < 12; i++) {
        for (String name : months.get(i).split("\\|")) {
          MONTH_NUMBER.put(name, i + 1);
          names.add(name);
        }
      }
    }
    // Longest first, so "septembre" is not read as "sept".
    names.sort((a, b) -> b.length() - a.length());
    MONTH = "(?:" + String.join("|", names.stream().distinct().toList()) + ")\\.?";
  }

  private static final String DAY = "\\d{1,2}(?:st|nd|rd|th|er|e|º|°|\\.)?";
  private static final String DATE = "(?:" + MONTH + "\\s+" + DAY + ",?\\s+\\d{4}"
      + "|" + DAY + "\\s+(?:of\\s+|de\\s+)?" + MONTH + "(?:,?\\s+(?:de\\s+)?\\d{4})"
      + "|" + MONTH + ",?\\s+(?:de\\s+)?\\d{4}"
      + "|\\d{4}\\s*년\\s*\\d{1,2}\\s*월(?:\\s*\\d{1,2}\\s*일)?"
      + "|\\d{4}\\s*年\\s*\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*日)?"
      + "|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\.?"
      + "|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4})";
  /** Any date in one of the usual written or numeric forms of the nine languages. */
  public static final Pattern ANY = Pattern.compile("(?<![\\p{IsLatin}\\p{N}])" + DATE + "(?![\\p{IsLatin}\\p{N}])",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /** The phrases that introduce the policy's own date, per language. */
  private static final String STATED_PHRASE = String.join("|",
      // en
      "last\\s+(?:updated|modified|revised|amended|changed|reviewed|update)(?:\\s+of\\s+this\\s+(?:privacy\\s+)?(?:policy|notice|statement))?",
      "(?:date\\s+of\\s+)?last\\s+revision", "effective(?:\\s+date)?(?:\\s+as\\s+of|\\s+from|\\s+on)?",
      "(?:updated|revised|amended)(?:\\s+on|\\s+as\\s+of)?", "version\\s+date", "valid\\s+from",
      // fr
      "derni[èe]re\\s+mise\\s+[àa]\\s+jour", "mis(?:e)?\\s+[àa]\\s+jour\\s+le", "date\\s+de\\s+(?:derni[èe]re\\s+)?mise\\s+[àa]\\s+jour",
      "date\\s+d['’]entr[ée]e\\s+en\\s+vigueur", "en\\s+vigueur\\s+(?:[àa]\\s+compter\\s+du|depuis\\s+le|au|le|du)",
      "derni[èe]re\\s+modification", "version\\s+du",
      // de
      "stand", "zuletzt\\s+(?:aktualisiert|ge[äa]ndert|überarbeitet)", "letzte\\s+(?:aktualisierung|änderung|[üu]berarbeitung)",
      "g[üu]ltig\\s+(?:ab|seit)", "in\\s+kraft\\s+(?:seit|ab)", "datum\\s+des\\s+inkrafttretens",
      // es
      "[úu]ltima\\s+(?:actualizaci[óo]n|modificaci[óo]n|revisi[óo]n)", "actualizad[oa]\\s+(?:el|a|en)",
      "fecha\\s+(?:efectiva|de\\s+entrada\\s+en\\s+vigor|de\\s+(?:[úu]ltima\\s+)?actualizaci[óo]n|de\\s+vigencia)",
      "(?:vigente|en\\s+vigor)\\s+(?:desde|a\\s+partir\\s+del?)",
      // it
      "ultimo\\s+aggiornamento", "ultima\\s+(?:modifica|revisione)", "aggiornat[oa]\\s+(?:il|al)",
      "data\\s+di\\s+(?:entrata\\s+in\\s+vigore|efficacia|ultimo\\s+aggiornamento)", "in\\s+vigore\\s+dal",
      // pt
      "[úu]ltima\\s+(?:atualiza[çc][ãa]o|altera[çc][ãa]o)", "atualizad[oa]\\s+em",
      "data\\s+(?:de\\s+vig[êe]ncia|efetiva|da\\s+[úu]ltima\\s+atualiza[çc][ãa]o)", "em\\s+vigor\\s+(?:desde|a\\s+partir\\s+de)",
      // nl
      "laatst\\s+(?:bijgewerkt|gewijzigd|herzien)", "laatste\\s+(?:wijziging|update|herziening)", "bijgewerkt\\s+op",
      "datum\\s+van\\s+inwerkingtreding", "geldig\\s+(?:vanaf|per)", "van\\s+kracht\\s+(?:vanaf|per|sinds)",
      // ko
      "최종\\s*(?:수정|개정|변경|업데이트)\\s*일(?:자)?", "시행\\s*일(?:자)?", "개정\\s*일(?:자)?", "공고\\s*일(?:자)?", "변경\\s*일(?:자)?",
      // ja
      "最終(?:改定|更新|改訂|変更)日", "施行日", "改定日", "改訂日", "更新日", "制定日");
  private static final Pattern STATED = Pattern.compile(
      "(?<![\\p{IsLatin}])(?:" + STATED_PHRASE + ")"
          + "[\\s*_:：\\-\\u2013\\u2014()（）\\[\\]]*(?:(?:on|as\\s+of|le|du|am|vom|el|del|il|dal|em|op|per)\\s+)?"
          + "(" + DATE + ")(?![\\p{IsLatin}\\p{N}])",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  /** A copyright notice's year ("© 2024 Acme", "Copyright 2019-2024"): never a statement of the policy. */
  private static final Pattern COPYRIGHT = Pattern.compile(
      "(?:©|\\(c\\)|copyright)\\s*(?:\\d{4}\\s*[-\\u2013]\\s*)?(\\d{4})", Pattern.CASE_INSENSITIVE);

  /** The words a stated date or a copyright year cannot be found without: windows lacking them are skipped. */
  private static final Prefilter STATED_WORDS = Prefilter.of(STATED);
  private static final Prefilter COPYRIGHT_WORDS = Prefilter.of(COPYRIGHT);

  /** A number with a unit of time, per language; group 1 the number, group 2 the unit. */
  private static final Pattern DURATION = Pattern.compile(
      "(?<![\\p{L}\\p{N}])(\\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
          + "twenty[- ]?four|thirty|sixty|ninety)\\s*(?:\\(\\d+\\)\\s*)?(?:more\\s+|additional\\s+|full\\s+|"
          + "calendar\\s+|business\\s+|consecutive\\s+)?"
          + "(days?|weeks?|months?|years?|jours?|semaines?|mois|ans|années|annees|tage[n]?|wochen|woche|monate[n]?|monat|"
          + "jahre[n]?|jahr|d[íi]as?|semanas?|meses|mes|años?|anos?|giorni|giorno|settimane|settimana|mesi|mese|anni|"
          + "anno|dagen|dag|weken|week|maanden|maand|jaar|jaren|일|주|개월|년|日間|日|週間|か月|ヶ月|カ月|箇月|年間|年)"
          + "(?![\\p{IsLatin}])",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Map<String, Integer> WORD_NUMBERS = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2),
      Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
      Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
      Map.entry("twelve", 12), Map.entry("eighteen", 18), Map.entry("twentyfour", 24), Map.entry("thirty", 30),
      Map.entry("sixty", 60), Map.entry("ninety", 90));

  private Dates() {}

  /** The date the policy states for itself ("Last updated: March 3, 2024"), in lower case; empty when none. */
  public static Optional<String> stated(String text) {
    Matcher m = STATED.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int[] w : windows(text)) {
      if (!STATED_WORDS.mayMatch(Prefilter.fold(text.substring(w[0], w[1])))) {
        continue;
      }
      m.region(w[0], w[1]);
      if (m.find()) {
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
      }
    }
    return Optional.empty();
  }

  /** Most of a policy has no digit: a stated date can only start shortly before one, so only look there. */
  private static final int BEFORE_DIGIT = 160;
  private static final int AFTER_DIGIT = 40;

  /** The merged regions of {@code text} around its digits, where a date (and its phrase) can be. */
  private static List<int[]> windows(String text) {
    List<int[]> out = new ArrayList<>();
    int[] current = null;
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c < 0x80 ? c >= '0' && c <= '9' : Character.isDigit(c)) {
        int start = Math.max(0, i - BEFORE_DIGIT);
        int end = Math.min(text.length(), i + AFTER_DIGIT);
        if (current != null && start <= current[1]) {
          current[1] = end;
        } else {
          current = new int[] {start, end};
          out.add(current);
        }
      }
    }
    return out;
  }

  /**
   * The text with the policy's stated date(s) and copyright years replaced by {@code token}: the only dates whose
   * edit alone does not change what the policy says. Every other date stays as written.
   */
  public static String maskStated(String text, String token) {
    List<int[]> windows = windows(text);
    String masked = replaceGroup(STATED, STATED_WORDS, text, windows, token);
    // The same text (nothing masked) has the same windows.
    return replaceGroup(COPYRIGHT, COPYRIGHT_WORDS, masked, masked == text ? windows : windows(masked), token);
  }

  /** The patterns {@link #maskStated} looks for, for tests. */
  static List<Pattern> masked() {
    return List.of(STATED, COPYRIGHT);
  }

  /** {@code text} with group 1 of each match in {@code windows} replaced; {@code text} itself when none matched. */
  private static String replaceGroup(Pattern pattern, Prefilter words, String text, List<int[]> windows,
      String token) {
    Matcher m = null;
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (int[] w : windows) {
      int from = Math.max(w[0], last);
      // A match lies inside the region (look-arounds may look outside), so it needs the words inside it.
      if (from >= w[1] || !words.mayMatch(Prefilter.fold(text.substring(from, w[1])))) {
        continue;
      }
      m = m == null ? pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false) : m;
      m.region(from, w[1]);
      while (m.find()) {
        out.append(text, last, m.start(1)).append(token);
        last = m.end(1);
      }
    }
    return out.isEmpty() && last == 0 ? text : out.append(text, last, text.length()).toString();
  }

  /** True when {@code sentence} is (or holds) the policy's own stated date. */
  public static boolean isStatedDate(String sentence) {
    return stated(sentence).isPresent();
  }

  /** The calendar dates written in {@code text}, in order; dates that cannot be read as a day are skipped. */
  public static List<LocalDate> dates(String text) {
    List<LocalDate> out = new ArrayList<>();
    if (!hasAsciiDigit(text)) {
      return out; // every written form of a date holds a digit 0-9
    }
    Matcher m = ANY.matcher(text);
    while (m.find()) {
      parse(m.group()).ifPresent(out::add);
    }
    return out;
  }

  private static boolean hasAsciiDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** A period as written ("30 days", "3 ans", "6개월") and its approximate length in days (a month is 30). */
  public record Period(String written, long days) {}

  /** The periods written in {@code text}, in order. */
  public static List<Period> periods(String text) {
    List<Period> out = new ArrayList<>();
    Matcher m = DURATION.matcher(text);
    while (m.find()) {
      String n = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[- ]", "");
      long count = Character.isDigit(n.charAt(0)) ? Long.parseLong(n) : WORD_NUMBERS.getOrDefault(n, 0);
      out.add(new Period(m.group().replaceAll("\\s+", " ").strip(), count * unitDays(m.group(2).toLowerCase(Locale.ROOT))));
    }
    return out;
  }

  /** The periods written in {@code text} ("30 days", "3 ans", "6개월", "5年間"), in days. */
  public static List<Long> durationsInDays(String text) {
    return periods(text).stream().map(Period::days).toList();
  }

  private static long unitDays(String unit) {
    if (unit.matches("weeks?|semaines?|wochen?|woche|semanas?|settiman[ae]|weken|week|주|週間")) {
      return 7;
    }
    if (unit.matches("months?|mois|monate[n]?|monat|meses|mes|mesi|mese|maanden|maand|개월|か月|ヶ月|カ月|箇月")) {
      return 30;
    }
    if (unit.matches("years?|ans|années|annees|jahre[n]?|jahr|años?|anos?|anni|anno|jaar|jaren|년|年間|年")) {
      return 365;
    }
    return 1;
  }

  /** One date as written (any form {@link #ANY} finds) as a calendar day; empty when it has no day or is impossible. */
  static Optional<LocalDate> parse(String written) {
    String w = written.toLowerCase(Locale.ROOT).trim();
    try {
      Matcher cjk = Pattern.compile("(\\d{4})\\s*[년年]\\s*(\\d{1,2})\\s*[월月](?:\\s*(\\d{1,2})\\s*[일日])?").matcher(w);
      if (cjk.matches()) {
        return Optional.of(LocalDate.of(Integer.parseInt(cjk.group(1)), Integer.parseInt(cjk.group(2)),
            cjk.group(3) == null ? 1 : Integer.parseInt(cjk.group(3))));
      }
      Matcher iso = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})\\.?").matcher(w);
      if (iso.matches()) {
        return Optional.of(LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
            Integer.parseInt(iso.group(3))));
      }
      Matcher numeric = Pattern.compile("(\\d{1,2})[/.](\\d{1,2})[/.](\\d{2,4})").matcher(w);
      if (numeric.matches()) {
        int year = Integer.parseInt(numeric.group(3));
        year = year < 100 ? 2000 + year : year;
        int a = Integer.parseInt(numeric.group(1));
        int b = Integer.parseInt(numeric.group(2));
        // Day first (as everywhere but the US) unless that cannot be a month.
        return Optional.of(b <= 12 ? LocalDate.of(year, b, a) : LocalDate.of(year, a, b));
      }
      Matcher year = Pattern.compile("(\\d{4})").matcher(w);
      Integer month = null;
      for (String token : w.split("[^\\p{L}]+")) {
        if (MONTH_NUMBER.containsKey(token)) {
          month = MONTH_NUMBER.get(token);
          break;
        }
      }
      if (month == null || !year.find()) {
        return Optional.empty();
      }
      String rest = w.substring(0, year.start()) + " " + w.substring(year.end());
      Matcher day = Pattern.compile("(?<!\\d)(\\d{1,2})(?!\\d)").matcher(rest);
      return Optional.of(LocalDate.of(Integer.parseInt(year.group(1)), month,
          day.find() ? Integer.parseInt(day.group(1)) : 1));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
