package dev.policymonitor.fetcher.wayback;

import java.util.List;

/**
 * One page of CDX results.
 *
 * @param resumeKey the key for the next page, or null on the last page
 */
public record CdxPage(List<CdxRow> rows, String resumeKey) {
  public CdxPage {
    rows = List.copyOf(rows);
  }
}
