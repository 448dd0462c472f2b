package dev.policymonitor.web.evidence;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Version;
import dev.policymonitor.web.CaptureLinks;
import dev.policymonitor.web.DiffBuilder;
import dev.policymonitor.web.DiffView;
import dev.policymonitor.web.QueryService;
import java.util.Optional;

/**
 * What the instance holding a document knows of one change, for its evidence file: the change event, both versions
 * (with their texts, while they are kept), the diff, the links to the original captures, and the extraction rules
 * in force at each capture time (from the document's target and its rule history). Read on that instance, it
 * travels as JSON to the instance that renders the file.
 *
 * @param previous the previous version; null for a first version, or when its text is no longer kept
 * @param current the new version; null when its text is no longer kept
 * @param rules the extraction rules of {@code policy-targets} valid at the new capture; null when the document is
 *     not tracked any more
 * @param previousRules the same at the previous capture
 * @param targetUrl the URL the document is tracked at now
 */
public record EvidenceData(Change change, Version previous, Version current, DiffView diff, String captureUrl,
    String previousCaptureUrl, DocumentDeclaration rules, DocumentDeclaration previousRules, String targetUrl) {

  /** The evidence of a change held here; empty when this instance has no such change of the document. */
  public static Optional<EvidenceData> gather(QueryService queries, TargetLookup targets, String documentKey,
      String changeId) {
    Optional<Change> found = queries.change(changeId).filter(c -> c.key().equals(documentKey));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Change c = found.get();
    Version current = queries.version(c.key(), c.capturedAt()).orElse(null);
    Version previous = queries.version(c.key(), c.previousCapturedAt()).orElse(null);
    DiffView diff = new DiffBuilder().build(c, previous == null ? null : previous.text(),
        current == null ? null : current.text());
    Optional<Target> target = targets.target(c.key());
    DocumentDeclaration rules = target.map(t -> t.declarationAt(c.capturedAt())).orElse(null);
    DocumentDeclaration previousRules = c.previousCapturedAt() == null ? null
        : target.map(t -> t.declarationAt(c.previousCapturedAt())).orElse(null);
    return Optional.of(new EvidenceData(c, previous, current, diff,
        CaptureLinks.original(c.url(), c.source(), c.capturedAt()),
        previous == null ? null : CaptureLinks.original(previous.url(), previous.source(), previous.capturedAt()),
        rules, previousRules, target.map(Target::url).orElse(null)));
  }
}
