package dev.policymonitor.streams;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.IgnoreRules;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import java.time.Instant;
import java.util.Objects;

/**
 * What change detection gets for one snapshot: the snapshot, its document's target as {@code policy-targets}
 * holds it (the extraction rules and their history), and whether it is a re-derivation.
 *
 * @param target the document's target; null when {@code policy-targets} does not know the document (generic
 *     main-content extraction)
 * @param reprocess true for a snapshot of the {@code policy-reprocess} topic: it only ever re-derives a known version
 */
public record Capture(Snapshot snapshot, Target target, boolean reprocess) {
  public Capture {
    Objects.requireNonNull(snapshot, "snapshot");
  }

  /** A live (or Wayback, or imported) capture of {@code policy-snapshots}. */
  public static Capture of(Snapshot snapshot, Target target) {
    return new Capture(snapshot, target, false);
  }

  /**
   * The document's ignore rules: always the current ones (they judge what alerts now, whatever the capture's age);
   * none without a target.
   */
  IgnoreRules ignoreRules() {
    return target == null ? IgnoreRules.NONE : target.declaration().ignoreRules();
  }

  /** The extraction rules of a capture made at {@code capturedAt} from {@code url}; generic without a target. */
  DocumentDeclaration declarationAt(Instant capturedAt, String url) {
    return target == null ? DocumentDeclaration.of(snapshot.document(), url) : target.declarationAt(capturedAt);
  }
}
