package dev.policymonitor.alerts;

import static dev.policymonitor.model.WordSegment.deleted;
import static dev.policymonitor.model.WordSegment.inserted;
import static dev.policymonitor.model.WordSegment.kept;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.Rewrite;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Change events the alerts tests send. */
public final class TestChanges {
  public static final String HOSTILE = "<!channel> <https://evil|click> & <@U024BE7LH> <!here> @channel";

  private TestChanges() {}

  /** defensx starts selling data: 3 added, 1 removed, 2 modified, high severity. */
  public static Change sale() {
    return new Change("k7h2m4p6q8r1s3t5v7w9", "defensx/privacy-policy", "defensx", "privacy-policy",
        ChangeKind.CHANGED, Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-23T09:15:00Z"),
        "AAAAPREVIOUS", "BBBBCURRENT",
        List.of("We may share your contact details with our affiliates.",
            "We may sell customer data to selected advertising partners.",
            "You can opt out of the sale of your data at any time."),
        List.of("We never sell customer data."),
        List.of(new Modification("We keep logs for 30 days.", "We keep logs for 2 years.",
                List.of(kept("We keep logs for "), deleted("30 days"), inserted("2 years"), kept(".")), "Retention"),
            new Modification("Contact us at privacy@defensx.com.", "Contact our DPO at privacy@defensx.com.",
                List.of(kept("Contact "), deleted("us"), inserted("our DPO"), kept(" at privacy@defensx.com.")),
                "Contact")),
        List.of(), null, Severity.HIGH, List.of("sale-of-data", "third-party-sharing", "data-retention"),
        List.of("new: we may sell"), List.of(), "https://defensx.example/privacy", SnapshotSource.LIVE,
        Instant.parse("2026-11-23T09:15:02Z"));
  }

  /** A change whose sentences are hostile Slack and HTML markup. */
  public static Change hostile() {
    return new Change("h0st1le0000000000001", "evilcorp/privacy-policy", "evilcorp", "privacy-policy",
        ChangeKind.CHANGED, Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-23T10:00:00Z"),
        "A", "B", List.of(HOSTILE, "<script>alert(1)</script><img src=x onerror=alert(2)>"),
        List.of(), List.of(new Modification("Visit <https://good|us>.", "Visit <https://evil|us> <!channel>.",
            List.of(kept("Visit <https://"), deleted("good"), inserted("evil"), kept("|us>"), inserted(" <!channel>"),
                kept(".")), null)),
        List.of(), null, Severity.MEDIUM, List.of("other"), List.of(), List.of(), "https://evil.example/p",
        SnapshotSource.LIVE, Instant.parse("2026-11-23T10:00:01Z"));
  }

  /** A change with {@code n} added sentences of {@code length} characters each. */
  public static Change big(int n, int length) {
    List<String> added = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      added.add(("Sentence " + i + " ").repeat(length / 10 + 1).substring(0, length));
    }
    return new Change("b1g00000000000000001", "bigco/terms", "bigco", "terms", ChangeKind.CHANGED,
        Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"), "A", "B", added,
        List.of(), List.of(), List.of(), null, Severity.MEDIUM, List.of(), List.of(), List.of(), null,
        SnapshotSource.LIVE, null);
  }

  /** A change of {@code kind} with a given id, severity and source. */
  public static Change of(String id, ChangeKind kind, Severity severity, SnapshotSource source) {
    return new Change(id, "corero/privacy-policy", "corero", "privacy-policy", kind,
        kind == ChangeKind.FIRST ? null : Instant.parse("2026-11-20T08:00:00Z"),
        Instant.parse("2026-11-23T12:00:00Z"), kind == ChangeKind.FIRST ? null : "A", "B",
        List.of("We added a sentence " + id + "."), List.of(), List.of(), List.of(), null, severity,
        List.of("first-party-collection"), List.of(), List.of(), "https://corero.example/privacy", source,
        Instant.parse("2026-11-23T12:00:01Z"));
  }

  /** A French policy cut to 41% of its length that persisted: a major rewrite. */
  public static Change rewrite() {
    return new Change("r3wr1te0000000000001", "cityscoot/privacy-policy", "cityscoot", "privacy-policy",
        ChangeKind.CHANGED, Instant.parse("2026-10-01T08:00:00Z"), Instant.parse("2026-11-20T08:00:00Z"), "A", "B",
        List.of(), List.of("Nous conservons vos données de navigation pendant 13 mois.",
            "Vos données peuvent être transférées hors de l’Union européenne."),
        List.of(), List.of(), null, Severity.MEDIUM, List.of("data-retention"),
        List.of("major rewrite: the text went from 9485 to 3886 characters (-59%) and kept that shape from "
            + "2026-11-20T08:00:00Z to 2026-11-21T08:00:00Z (2 captures), so it is the new baseline; compared with "
            + "the version captured at 2026-10-01T08:00:00Z"),
        List.of(ChangeFlag.MAJOR_REWRITE), "https://cityscoot.example/confidentialite", SnapshotSource.LIVE,
        Instant.parse("2026-11-21T08:00:02Z"), "fr", new Rewrite(9485, 3886, Instant.parse("2026-11-21T08:00:00Z")));
  }
}
