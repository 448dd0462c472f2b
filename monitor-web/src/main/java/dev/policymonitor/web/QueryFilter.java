package dev.policymonitor.web;

import dev.policymonitor.model.Severity;
import dev.policymonitor.streams.query.DocumentSummary;
import dev.policymonitor.streams.query.TimelineEntry;

/**
 * The page's filters: a vendor id, a minimum severity ({@code severity=medium} keeps medium and high) and a
 * privacy-practice category. A null field does not filter.
 */
public record QueryFilter(String vendor, Severity minSeverity, String category) {
  public static final QueryFilter NONE = new QueryFilter(null, null, null);

  /** A document passes when it is the vendor's and has seen at least one change matching severity/category. */
  public boolean matches(DocumentSummary d) {
    return (vendor == null || vendor.equals(d.vendor()))
        && (minSeverity == null || d.hasSeverityAtLeast(minSeverity))
        && (category == null || d.categoryCounts().getOrDefault(category, 0) > 0);
  }

  public boolean matches(TimelineEntry e) {
    return (minSeverity == null || (e.severity() != null && e.severity().atLeast(minSeverity)))
        && (category == null || e.categories().contains(category));
  }
}
