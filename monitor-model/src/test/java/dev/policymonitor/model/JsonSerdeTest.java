package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
  private static final Instant CAPTURED = Instant.parse("2018-10-28T03:42:15Z");

  @Test
  void shouldRoundTripSnapshotWithBodyBytesAndIsoInstants() {
    Snapshot s = new Snapshot("corero", "privacy-policy", "https://www.corero.com/company/privacy-policy.html",
        SnapshotSource.WAYBACK, CAPTURED, Instant.parse("2026-11-23T10:00:00Z"), 200, "text/html", "utf-8", null,
        "<p>We never sell data.</p>".getBytes(StandardCharsets.UTF_8));
    JsonSerde<Snapshot> serde = new JsonSerde<>(Snapshot.class);

    byte[] wire = serde.serialize("policy-snapshots", s);

    String json = new String(wire, StandardCharsets.UTF_8);
    assertThat(json).contains("\"capturedAt\":\"2018-10-28T03:42:15Z\"").contains("\"source\":\"wayback\"");
    assertThat(serde.deserialize("policy-snapshots", wire)).isEqualTo(s);
  }

  @Test
  void shouldMarkARenderedSnapshotAndReadOldRecordsWithoutTheMarkAsNotRendered() {
    JsonSerde<Snapshot> serde = new JsonSerde<>(Snapshot.class);
    Snapshot plain = new Snapshot("acme", "privacy-policy", "https://acme.test/p", SnapshotSource.LIVE, CAPTURED,
        CAPTURED, 200, "text/html", "utf-8", null, "<p>x</p>".getBytes(StandardCharsets.UTF_8));
    Snapshot rendered = new Snapshot("acme", "privacy-policy", "https://acme.test/p", SnapshotSource.LIVE, CAPTURED,
        CAPTURED, 200, "text/html", "utf-8", null, "<p>x</p>".getBytes(StandardCharsets.UTF_8), null, Rendering.FALLBACK);

    String plainJson = new String(serde.serialize("policy-snapshots", plain), StandardCharsets.UTF_8);
    byte[] renderedWire = serde.serialize("policy-snapshots", rendered);

    assertThat(plainJson).as("a plain snapshot is written as before").doesNotContain("rendered");
    assertThat(new String(renderedWire, StandardCharsets.UTF_8)).contains("\"rendered\":\"fallback\"");
    assertThat(serde.deserialize("policy-snapshots", renderedWire)).isEqualTo(rendered).isNotEqualTo(plain);
    String oldRecord = "{\"vendor\":\"acme\",\"document\":\"privacy-policy\",\"url\":\"https://acme.test/p\","
        + "\"source\":\"live\",\"capturedAt\":\"2018-10-28T03:42:15Z\",\"fetchedAt\":\"2018-10-28T03:42:15Z\","
        + "\"httpStatus\":200,\"contentType\":\"text/html\",\"body\":\"PHA+eDwvcD4=\"}";
    Snapshot old = serde.deserialize("policy-snapshots", oldRecord.getBytes(StandardCharsets.UTF_8));
    assertThat(old.rendered()).isNull();
    assertThat(old.body()).isEqualTo("<p>x</p>".getBytes(StandardCharsets.UTF_8));

    JsonSerde<Version> versions = new JsonSerde<>(Version.class);
    Version v = new Version("acme/privacy-policy", "x", null, "1", CAPTURED, "S", "u", SnapshotSource.LIVE, "R",
        "en", Rendering.DECLARED);
    assertThat(versions.deserialize("t", versions.serialize("t", v))).isEqualTo(v);
    assertThat(versions.deserialize("t", ("{\"key\":\"acme/privacy-policy\",\"text\":\"x\",\"normalizerVersion\":\"1\","
        + "\"capturedAt\":\"2018-10-28T03:42:15Z\"}").getBytes(StandardCharsets.UTF_8)).rendered()).isNull();
  }

  @Test
  void shouldReadTheRenderSettingAndOtaExecuteClientScriptsAsItsAlias() {
    JsonSerde<DocumentDeclaration> serde = new JsonSerde<>(DocumentDeclaration.class);
    DocumentDeclaration browser = new DocumentDeclaration("privacy-policy", "https://a.test/p", null, null, null,
        RenderMode.BROWSER, null);

    assertThat(new String(serde.serialize("t", browser), StandardCharsets.UTF_8)).contains("\"render\":\"browser\"");
    assertThat(serde.deserialize("t", serde.serialize("t", browser))).isEqualTo(browser);
    assertThat(read(serde, "\"executeClientScripts\":true").render()).isEqualTo(RenderMode.BROWSER);
    assertThat(read(serde, "\"executeClientScripts\":false").render()).isNull();
    assertThat(read(serde, "\"render\":\"static\"").render()).isEqualTo(RenderMode.STATIC);
    assertThat(read(serde, "\"url\":\"https://a.test/q\"").render()).isNull();
  }

  private static DocumentDeclaration read(JsonSerde<DocumentDeclaration> serde, String field) {
    return serde.deserialize("t", ("{\"type\":\"privacy-policy\",\"url\":\"https://a.test/p\"," + field + "}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRoundTripTheDeclaredLanguageAndReadSnapshotsWrittenWithoutIt() {
    Snapshot s = new Snapshot("penta", "privacy-policy", "https://penta.example/privacy", SnapshotSource.LIVE,
        CAPTURED, CAPTURED, 200, "text/html", "UTF-8", null, "<p>개인정보</p>".getBytes(StandardCharsets.UTF_8))
        .withLanguage("ko-KR");
    JsonSerde<Snapshot> serde = new JsonSerde<>(Snapshot.class);
    assertThat(serde.deserialize("t", serde.serialize("t", s)).language()).isEqualTo("ko-KR");

    String older = new String(serde.serialize("t", s.withLanguage(null)), StandardCharsets.UTF_8)
        .replace(",\"language\":null", "");
    assertThat(older).doesNotContain("language");
    Snapshot back = serde.deserialize("t", older.getBytes(StandardCharsets.UTF_8));
    assertThat(back.language()).isNull();
    assertThat(back.body()).isEqualTo(s.body());

    JsonSerde<Version> versions = new JsonSerde<>(Version.class);
    Version v = new Version("penta/privacy-policy", "개인정보", null, "4", CAPTURED, "S", "u", SnapshotSource.LIVE,
        "R", "ko");
    assertThat(versions.deserialize("t", versions.serialize("t", v))).isEqualTo(v);
  }

  @Test
  void shouldRoundTripChangeWithKindsInWireForm() {
    Change c = new Change("abc", "corero/privacy-policy", "corero", "privacy-policy", ChangeKind.TECHNICAL_UPGRADE,
        CAPTURED, CAPTURED.plusSeconds(60), "D1", "D2", List.of("We may sell your data."), List.of(),
        List.of(new Modification("a b", "a c", List.of(WordSegment.kept("a "), WordSegment.deleted("b"),
            WordSegment.inserted("c")), "Who are we?")), List.of(), null, Severity.HIGH,
        List.of("sale-of-data"), List.of("new: we may sell"), List.of(ChangeFlag.UNDISCLOSED), "https://x.test/p",
        SnapshotSource.LIVE, CAPTURED.plusSeconds(61));
    JsonSerde<Change> serde = new JsonSerde<>(Change.class);

    byte[] wire = serde.serialize("policy-changes", c);

    assertThat(new String(wire, StandardCharsets.UTF_8))
        .contains("\"kind\":\"technical-upgrade\"").contains("\"severity\":\"high\"")
        .contains("\"flags\":[\"undisclosed\"]")
        .contains("\"segments\":[{\"kind\":\"kept\",\"text\":\"a \"},{\"kind\":\"deleted\",\"text\":\"b\"},"
            + "{\"kind\":\"inserted\",\"text\":\"c\"}]")
        .doesNotContain("permalink");
    Change back = serde.deserialize("policy-changes", wire);
    assertThat(back).isEqualTo(c);
    assertThat(back.counts()).isEqualTo(new ChangeCounts(1, 0, 1, 0));
  }

  @Test
  void shouldReadAChangeWrittenBeforeSegmentsAsWholeSentenceEdits() {
    String v1 = "{\"changeId\":\"abc\",\"key\":\"corero/privacy-policy\",\"kind\":\"changed\","
        + "\"capturedAt\":\"2018-10-28T03:42:15Z\",\"flags\":[\"historical\",\"cosmetic\"],"
        + "\"modified\":[{\"before\":\"a b\",\"after\":\"a c\",\"wordDiff\":\"a [-b-]{+c+}\"}]}";

    Change c = new JsonSerde<>(Change.class).deserialize("policy-changes", v1.getBytes(StandardCharsets.UTF_8));

    assertThat(c.flags()).containsExactly(ChangeFlag.HISTORICAL, ChangeFlag.COSMETIC);
    assertThat(c.hasFlag(ChangeFlag.HISTORICAL)).isTrue();
    assertThat(c.modified()).singleElement().extracting(Modification::segments).asList()
        .containsExactly(WordSegment.deleted("a b"), WordSegment.inserted("a c"));
  }

  @Test
  void shouldNameAnUnknownFlag() {
    assertThatThrownBy(() -> ChangeFlag.fromWire("exploded")).hasMessageContaining("unknown change flag: exploded");
  }

  @Test
  void shouldGiveThePermalinkOfAChange() {
    Change c = new Change("abc", "corero/privacy-policy", "corero", "privacy-policy", ChangeKind.CHANGED, null,
        CAPTURED, null, "D", null, null, null, null, null, null, null, null, null, null, null, null);

    assertThat(c.permalink()).isEqualTo("#/changes/corero/privacy-policy/abc");
  }

  @Test
  void shouldRoundTripVersionAndComputeTextDigest() {
    Version v = new Version("corero/privacy-policy", "# Privacy\n\nText.", null, "1", CAPTURED, "S", "u",
        SnapshotSource.LIVE, "R");
    JsonSerde<Version> serde = new JsonSerde<>(Version.class);

    Version back = serde.deserialize("t", serde.serialize("t", v));

    assertThat(back).isEqualTo(v);
    assertThat(back.textDigest()).isEqualTo(Digests.sha1Base32("# Privacy\n\nText."));
  }

  @Test
  void shouldRoundTripTargetWithRangeSelector() {
    Target t = new Target("corero", "Corero", new DocumentDeclaration("privacy-policy", "https://a.test/p",
        List.of(Selector.css("main"), new Selector(null, null, "#intro", "footer", null)), List.of(Selector.css("nav")),
        List.of(), null, null), VendorsConfig.DEFAULT_POLL_INTERVAL);
    JsonSerde<Target> serde = new JsonSerde<>(Target.class);

    byte[] wire = serde.serialize("policy-targets", t);

    assertThat(new String(wire, StandardCharsets.UTF_8)).contains("{\"startAfter\":\"#intro\",\"endBefore\":\"footer\"}");
    assertThat(serde.deserialize("policy-targets", wire)).isEqualTo(t);
    assertThat(new String(wire, StandardCharsets.UTF_8)).doesNotContain("history").doesNotContain("origin");
  }

  @Test
  void shouldRoundTripATargetWithItsOriginAndDeclarationHistoryAndPickTheRulesOfACaptureTime() {
    DocumentDeclaration old = new DocumentDeclaration("privacy-policy", "https://a.test/p",
        List.of(Selector.css("article")), List.of(), List.of(), null, null);
    DocumentDeclaration older = new DocumentDeclaration("privacy-policy", "https://a.test/p",
        List.of(Selector.css("#content")), List.of(), List.of(), null, null);
    DocumentDeclaration current = new DocumentDeclaration("privacy-policy", "https://a.test/p",
        List.of(Selector.css("main")), List.of(), List.of(), null, null);
    Target t = new Target("corero", "Corero", current, VendorsConfig.DEFAULT_POLL_INTERVAL,
        List.of(new DatedDeclaration(Instant.parse("2022-01-01T00:00:00Z"), old),
            new DatedDeclaration(Instant.parse("2020-01-01T00:00:00Z"), older)), TargetOrigin.VENDORS_ADD);
    JsonSerde<Target> serde = new JsonSerde<>(Target.class);

    byte[] wire = serde.serialize("policy-targets", t);

    assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"origin\":\"vendors-add\"");
    Target back = serde.deserialize("policy-targets", wire);
    assertThat(back).isEqualTo(t);
    assertThat(back.declarationAt(Instant.parse("2019-06-01T00:00:00Z"))).isEqualTo(older);
    assertThat(back.declarationAt(Instant.parse("2020-01-01T00:00:00Z"))).isEqualTo(older);
    assertThat(back.declarationAt(Instant.parse("2021-06-01T00:00:00Z"))).isEqualTo(old);
    assertThat(back.declarationAt(Instant.parse("2023-06-01T00:00:00Z"))).isEqualTo(current);
  }

  @Test
  void shouldReportTheTypeWhenBytesAreNotJson() {
    JsonSerde<Change> serde = new JsonSerde<>(Change.class);

    assertThatThrownBy(() -> serde.deserialize("policy-changes", "not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("Change").hasMessageContaining("policy-changes");
  }

  @Test
  void shouldGiveTheSameChangeIdForTheSamePairOfVersions() {
    String a = Change.idFor("corero/privacy-policy", "D1", "D2", CAPTURED);
    String b = Change.idFor("corero/privacy-policy", "D1", "D2", CAPTURED);
    String other = Change.idFor("corero/privacy-policy", "D1", "D3", CAPTURED);

    assertThat(a).isEqualTo(b).hasSize(20).isNotEqualTo(other);
  }
}
