package dev.policymonitor.web.evidence;

import dev.policymonitor.model.Review;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything one evidence file shows: what the document's instance knows of the change, its review as of the export,
 * and who exported it when.
 *
 * @param permalink the change's page, absolute when the web page's address is known
 * @param exportedBy the principal that asked for the file
 */
public record Evidence(EvidenceData data, Review review, String permalink, Instant exportedAt, String exportedBy) {
  public Evidence {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(review, "review");
    Objects.requireNonNull(exportedAt, "exportedAt");
  }

  /** The file's name, without extension: {@code policy-evidence-<vendor>-<document>-<changeId>}. */
  public String fileName() {
    return "policy-evidence-" + data.change().vendor() + "-" + data.change().document() + "-"
        + data.change().changeId();
  }
}
