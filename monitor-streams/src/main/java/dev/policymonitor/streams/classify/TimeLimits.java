package dev.policymonitor.streams.classify;

import dev.policymonitor.model.Modification;
import dev.policymonitor.model.Severity;
import dev.policymonitor.streams.diff.Dates;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads the periods and dates of an edited sentence: a retention period or deadline that gets longer, or the
 * effective date of new terms that moves, matters whatever words changed around it.
 */
final class TimeLimits {
  static final String RETENTION = "data-retention";
  static final String EFFECTIVE = "effective-date";

  /** A finding: the least severity it implies and why. */
  record Finding(Severity severity, String reason) {}

  private TimeLimits() {}

  /** What {@code m} changed in periods or dates, given the categories of its two sides. */
  static Optional<Finding> of(Modification m, List<String> categories) {
    if (categories.contains(RETENTION)) {
      Optional<Dates.Period> before = longest(Dates.periods(m.before()));
      Optional<Dates.Period> after = longest(Dates.periods(m.after()));
      if (before.isPresent() && after.isPresent() && before.get().days() != after.get().days()) {
        boolean longer = after.get().days() > before.get().days();
        return Optional.of(new Finding(longer ? Severity.MEDIUM : Severity.LOW, "retention period "
            + (longer ? "longer" : "shorter") + " (" + before.get().written() + " -> " + after.get().written() + ")"));
      }
      Optional<LocalDate> until = maxDate(Dates.dates(m.before()));
      Optional<LocalDate> newUntil = maxDate(Dates.dates(m.after()));
      if (until.isPresent() && newUntil.isPresent() && !until.equals(newUntil)) {
        boolean later = newUntil.get().isAfter(until.get());
        return Optional.of(new Finding(later ? Severity.MEDIUM : Severity.LOW, "retention deadline "
            + (later ? "later" : "earlier") + " (" + until.get() + " -> " + newUntil.get() + ")"));
      }
    }
    if (categories.contains(EFFECTIVE) && !Dates.isStatedDate(m.before()) && !Dates.isStatedDate(m.after())) {
      Optional<LocalDate> from = maxDate(Dates.dates(m.before()));
      Optional<LocalDate> to = maxDate(Dates.dates(m.after()));
      if (from.isPresent() && to.isPresent() && !from.equals(to)) {
        return Optional.of(new Finding(Severity.MEDIUM, "effective date moved (" + from.get() + " -> " + to.get()
            + ")"));
      }
    }
    return Optional.empty();
  }

  private static Optional<Dates.Period> longest(List<Dates.Period> periods) {
    return periods.stream().max(java.util.Comparator.comparingLong(Dates.Period::days));
  }

  private static Optional<LocalDate> maxDate(List<LocalDate> values) {
    return values.isEmpty() ? Optional.empty() : Optional.of(Collections.max(values));
  }
}
