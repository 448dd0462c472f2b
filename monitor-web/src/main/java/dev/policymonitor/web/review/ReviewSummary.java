package dev.policymonitor.web.review;

import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewState;
import java.time.Instant;

/** A review without its trail, for lists: where it stands, who has it, who touched it last, how much was said. */
public record ReviewSummary(String changeId, String key, ReviewState state, String assignee, Instant updatedAt,
    String updatedBy, int events, long notes) {

  public static ReviewSummary of(Review r) {
    return new ReviewSummary(r.changeId(), r.key(), r.state(), r.assignee(), r.updatedAt(), r.updatedBy(),
        r.trail().size(), r.notes());
  }
}
