package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.model.Target;

/** Follows a backfill as it goes (the command draws a progress bar with it). */
public interface BackfillListener {
  BackfillListener NONE = new BackfillListener() {};

  default void documentStarted(Target target) {}

  /** {@code rows} more captures were listed (the total grows page by page). */
  default void listed(Target target, int rows) {}

  /** One listed capture was handled: published, skipped as a duplicate, or failed. */
  default void handled(Target target, CdxRow row, String outcome) {}
}
