package dev.policymonitor.fetcher.wayback;

import java.time.Duration;
import java.util.Locale;

/**
 * What one backfill run did.
 *
 * @param cdxPerMinute achieved CDX request rate (first to last request)
 * @param contentPerSecond achieved capture request rate (first to last request)
 */
public record BackfillSummary(int documents, int capturesFound, int distinctDigests, int published,
    int skippedDuplicates, int errors, Duration elapsed, long cdxRequests, double cdxPerMinute,
    int cdxBudgetPerMinute, long contentRequests, double contentPerSecond, int contentBudgetPerSecond) {

  /** The final summary line the command prints. */
  public String line() {
    return String.format(Locale.ROOT, "backfill: %d document(s), captures found %d, distinct digests %d, "
        + "published %d, skipped as duplicates %d, errors %d, elapsed %.1f s; CDX %d requests at %.1f/min "
        + "(budget %d/min), content %d requests at %.2f/s (budget %d/s)", documents, capturesFound,
        distinctDigests, published, skippedDuplicates, errors, elapsed.toMillis() / 1000.0, cdxRequests,
        cdxPerMinute, cdxBudgetPerMinute, contentRequests, contentPerSecond, contentBudgetPerSecond);
  }
}
