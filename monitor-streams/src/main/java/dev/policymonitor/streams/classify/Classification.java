package dev.policymonitor.streams.classify;

import dev.policymonitor.model.Severity;
import java.util.List;

/**
 * What a change is about and how much it matters.
 *
 * @param categories privacy-practice categories of the changed sentences, in rule-file order
 * @param reasons why the severity is what it is, one line each
 */
public record Classification(Severity severity, List<String> categories, List<String> reasons) {
  public Classification {
    categories = List.copyOf(categories);
    reasons = List.copyOf(reasons);
  }
}
