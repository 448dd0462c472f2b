package dev.policymonitor.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date in any of the three
 * forms a recipient must accept (§5.6.7): IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, the obsolete RFC 850
 * {@code Sunday, 06-Nov-94 08:49:37 GMT} and asctime {@code Sun Nov  6 08:49:37 1994}. Pure: the header and the
 * current time in, a wait out.
 */
public final class RetryAfter {
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");
  private static final DateTimeFormatter IMF_FIXDATE = formatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'");
  private static final DateTimeFormatter ASCTIME = formatter("EEE MMM ppd HH:mm:ss yyyy");

  private RetryAfter() {}

  /**
   * The wait the header asks for: zero for a date in the past, empty when the header is absent or unreadable
   * (a caller then falls back to its own backoff). Not capped: {@link HttpStatusPolicy} caps it.
   */
  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (DELTA_SECONDS.matcher(value).matches()) {
      // more digits than a long holds is still "a very long time", never an error
      return Optional.of(value.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofSeconds(Long.parseLong(value)));
    }
    return date(value, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  /** The instant an HTTP-date names, in any of its three forms; empty when it is none of them. */
  public static Optional<Instant> date(String value, Instant now) {
    for (DateTimeFormatter form : new DateTimeFormatter[] {IMF_FIXDATE, rfc850(now), ASCTIME}) {
      try {
        return Optional.of(LocalDateTime.parse(value, form).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        // not this form (or no such day): try the next one
      }
    }
    return Optional.empty();
  }

  /**
   * RFC 850 dates have two-digit years: one that would be more than 50 years ahead of {@code now} is the most
   * recent past year with the same last two digits (RFC 9110 §5.6.7).
   */
  private static DateTimeFormatter rfc850(Instant now) {
    int year = now.atOffset(ZoneOffset.UTC).getYear();
    return new DateTimeFormatterBuilder().parseCaseInsensitive()
        .appendPattern("EEEE, dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.of(year - 49, 1, 1))
        .appendPattern(" HH:mm:ss 'GMT'")
        .toFormatter(Locale.US);
  }

  private static DateTimeFormatter formatter(String pattern) {
    return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.US);
  }
}
