package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SnapshotSerdeTest {
  private static final String TOPIC = "policy-snapshots";
  private static final Instant CAPTURED = Instant.parse("2026-11-30T12:00:01.123456789Z");
  private static final Instant FETCHED = Instant.parse("2026-11-30T12:00:02Z");
  /** A snapshot as the release before the binary form wrote it (JsonSerde), every field set. */
  private static final String PREVIOUS_RELEASE_JSON = "{\"vendor\":\"zürich-bank\",\"document\":\"privacy-policy\","
      + "\"url\":\"https://zürich.example/datenschutz?q=1\",\"source\":\"live\","
      + "\"capturedAt\":\"2026-11-30T12:00:01.123456789Z\",\"fetchedAt\":\"2026-11-30T12:00:02Z\",\"httpStatus\":200,"
      + "\"contentType\":\"text/html; charset=utf-8\",\"charset\":\"utf-8\","
      + "\"digest\":\"OTQ3NV6FCPP32YMHHTYO7I7JBKBUOW3Q\","
      + "\"body\":\"PHA+V2lyIHZlcmthdWZlbiBrZWluZSBEYXRlbi4g6rCc7J247KCV67O0PC9wPg==\",\"language\":\"de-CH\","
      + "\"rendered\":\"fallback\"}";

  private final SnapshotSerde serde = new SnapshotSerde();

  @Test
  void shouldRoundTripEveryFieldOfARenderedSnapshotWithNonAsciiStringsInTheBinaryForm() {
    Snapshot s = new Snapshot("zürich-bank", "privacy-policy", "https://zürich.example/datenschutz?q=1&ε=😀",
        SnapshotSource.WAYBACK, CAPTURED, FETCHED, 203, "text/html; charset=utf-8", "utf-8", null,
        "<p>Wir verkaufen keine Daten. 개인정보 😀</p>".getBytes(StandardCharsets.UTF_8), "de-CH", Rendering.DECLARED);

    byte[] wire = serde.serialize(TOPIC, s);
    Snapshot back = serde.deserialize(TOPIC, wire);

    assertThat(wire[0]).isEqualTo(SnapshotSerde.FORMAT);
    assertThat(wire.length).isEqualTo(serde.size(s));
    assertThat(back).isEqualTo(s);
    assertThat(back.url()).isEqualTo("https://zürich.example/datenschutz?q=1&ε=😀");
    assertThat(back.capturedAt()).isEqualTo(CAPTURED);
    assertThat(back.httpStatus()).isEqualTo(203);
    assertThat(back.language()).isEqualTo("de-CH");
    assertThat(back.rendered()).isEqualTo(Rendering.DECLARED);
    assertThat(back.source()).isEqualTo(SnapshotSource.WAYBACK);
  }

  @Test
  void shouldRoundTripNullOptionalFieldsAndAnEmptyBody() {
    Snapshot s = new Snapshot("acme", "terms", "https://acme.test/t", SnapshotSource.IMPORT, CAPTURED, FETCHED, 0,
        null, null, null, new byte[0]);

    Snapshot back = serde.deserialize(TOPIC, serde.serialize(TOPIC, s));

    assertThat(back).isEqualTo(s);
    assertThat(back.contentType()).isNull();
    assertThat(back.charset()).isNull();
    assertThat(back.language()).isNull();
    assertThat(back.rendered()).isNull();
    assertThat(back.body()).isEmpty();
  }

  @Test
  void shouldKeepTheDigestAsWrittenWithoutRecomputingIt() {
    Snapshot s = new Snapshot("acme", "privacy-policy", "https://acme.test/p", SnapshotSource.LIVE, CAPTURED,
        FETCHED, 200, "text/html", "utf-8", "DIGEST-AS-THE-CDX-GAVE-IT", "<p>x</p>".getBytes(StandardCharsets.UTF_8));

    assertThat(serde.deserialize(TOPIC, serde.serialize(TOPIC, s)).digest()).isEqualTo("DIGEST-AS-THE-CDX-GAVE-IT");
  }

  @Test
  void shouldWriteALoneSurrogateAsAQuestionMarkLikeStringGetBytes() {
    Snapshot s = snapshot("a\uD800b", new byte[] {1});

    assertThat(serde.deserialize(TOPIC, serde.serialize(TOPIC, s)).vendor())
        .isEqualTo(new String("a\uD800b".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("a?b");
  }

  @Test
  void shouldCarryATenMegabyteBodyAsItsRawBytes() {
    byte[] body = new byte[10 * 1024 * 1024];
    new Random(7).nextBytes(body);
    Snapshot s = snapshot("acme", body);

    byte[] wire = serde.serialize(TOPIC, s);

    assertThat(wire.length).isBetween(body.length, body.length + 1024);
    assertThat(Arrays.equals(wire, wire.length - body.length, wire.length, body, 0, body.length)).isTrue();
    assertThat(serde.deserialize(TOPIC, wire)).isEqualTo(s);
  }

  @Test
  void shouldMakeA34KbPageAtMostItsBodyAndAFewHundredBytesWhereJsonTakesAThirdMore() {
    Snapshot s = snapshot("acme", page(34 * 1024));

    byte[] binary = serde.serialize(TOPIC, s);
    byte[] json = new JsonSerde<>(Snapshot.class).serialize(TOPIC, s);

    assertThat(binary.length).isLessThanOrEqualTo(s.body().length + 1024).isLessThan(json.length);
    assertThat(json.length).as("Base64 in JSON").isGreaterThan(s.body().length * 4 / 3);
  }

  @Test
  void shouldReadALiteralRecordWrittenByThePreviousRelease() {
    Snapshot old = serde.deserialize(TOPIC, PREVIOUS_RELEASE_JSON.getBytes(StandardCharsets.UTF_8));

    assertThat(old).isEqualTo(new Snapshot("zürich-bank", "privacy-policy", "https://zürich.example/datenschutz?q=1",
        SnapshotSource.LIVE, CAPTURED, FETCHED, 200, "text/html; charset=utf-8", "utf-8",
        "OTQ3NV6FCPP32YMHHTYO7I7JBKBUOW3Q", "<p>Wir verkaufen keine Daten. 개인정보</p>".getBytes(StandardCharsets.UTF_8),
        "de-CH", Rendering.FALLBACK));
    Snapshot older = serde.deserialize(TOPIC, ("\n {\"vendor\":\"acme\",\"document\":\"privacy-policy\","
        + "\"url\":\"https://acme.test/p\",\"source\":\"live\",\"capturedAt\":\"2018-10-28T03:42:15Z\","
        + "\"fetchedAt\":\"2018-10-28T03:42:15Z\",\"httpStatus\":200,\"contentType\":\"text/html\","
        + "\"body\":\"PHA+eDwvcD4=\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(older.body()).isEqualTo("<p>x</p>".getBytes(StandardCharsets.UTF_8));
    assertThat(older.rendered()).isNull();
    assertThat(older.language()).isNull();
  }

  @Test
  void shouldReadWhatJsonSerdeWrites() {
    Snapshot s = snapshot("acme", page(2048)).withLanguage("fr");

    assertThat(serde.deserialize(TOPIC, new JsonSerde<>(Snapshot.class).serialize(TOPIC, s))).isEqualTo(s);
  }

  @Test
  void shouldRejectARecordTruncatedAtEveryByteWithTheTopicAndWhatIsMissing() {
    Snapshot s = new Snapshot("zürich", "privacy-policy", "https://z.test/p", SnapshotSource.LIVE, CAPTURED, FETCHED,
        200, "text/html", null, null, "<p>Daten</p>".getBytes(StandardCharsets.UTF_8), "de", Rendering.FALLBACK);
    byte[] wire = serde.serialize(TOPIC, s);

    assertThatThrownBy(() -> serde.deserialize(TOPIC, new byte[0])).isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC).hasMessageContaining("empty");
    for (int length = 1; length < wire.length; length++) {
      byte[] cut = Arrays.copyOf(wire, length);
      assertThatThrownBy(() -> serde.deserialize(TOPIC, cut)).as("cut to %d of %d bytes", length, wire.length)
          .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC).hasMessageContaining("truncated");
    }
    assertThatThrownBy(() -> serde.deserialize(TOPIC, Arrays.copyOf(wire, wire.length - 1)))
        .hasMessageContaining("truncated: body needs 12 bytes");
  }

  @Test
  void shouldNameAnUnknownFormatByteAndBytesAfterTheBody() {
    byte[] wire = serde.serialize(TOPIC, snapshot("acme", new byte[] {1, 2, 3}));
    byte[] otherFormat = wire.clone();
    otherFormat[0] = 0x02;
    byte[] longer = Arrays.copyOf(wire, wire.length + 2);

    assertThatThrownBy(() -> serde.deserialize(TOPIC, otherFormat)).isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC).hasMessageContaining("unknown format byte 0x02");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, "not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown format byte 0x6e");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, longer)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("2 bytes follow the body");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, "{\"vendor\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC);
  }

  @Test
  void shouldCheckEveryLengthAgainstTheBytesLeftBeforeAllocating() {
    byte[] wire = serde.serialize(TOPIC, snapshot("acme", new byte[] {1, 2, 3}));
    byte[] hugeVendor = wire.clone();
    ByteBuffer.wrap(hugeVendor).putInt(1, Integer.MAX_VALUE);
    byte[] negativeVendor = wire.clone();
    ByteBuffer.wrap(negativeVendor).putInt(1, -7);
    byte[] nullVendor = wire.clone();
    ByteBuffer.wrap(nullVendor).putInt(1, -1);
    byte[] hugeBody = wire.clone();
    ByteBuffer.wrap(hugeBody).putInt(wire.length - 7, Integer.MAX_VALUE);

    assertThatThrownBy(() -> serde.deserialize(TOPIC, hugeVendor)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated: vendor needs 2147483647 bytes at offset 5");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, negativeVendor)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("negative length -7 of vendor");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, nullVendor)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("vendor is null");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, hugeBody)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated: body needs 2147483647 bytes");
  }

  @Test
  void shouldNameAnUnknownSourceAndAnInstantOutOfRange() {
    Snapshot s = snapshot("acme", new byte[] {1});
    byte[] wire = serde.serialize(TOPIC, s);
    int source = 1 + 4 * 3 + "acme".length() + "privacy-policy".length() + s.url().length();
    byte[] unknownSource = wire.clone();
    System.arraycopy("moon".getBytes(StandardCharsets.US_ASCII), 0, unknownSource, source + 4, 4);
    byte[] badNanos = wire.clone();
    ByteBuffer.wrap(badNanos).putInt(source + 4 + "live".length() + 8, 1_000_000_000);

    assertThatThrownBy(() -> serde.deserialize(TOPIC, unknownSource)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown source 'moon'");
    assertThatThrownBy(() -> serde.deserialize(TOPIC, badNanos)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("capturedAt is out of range");
  }

  @Test
  void shouldReadASnapshotEmbeddedInALargerRecord() {
    Snapshot s = snapshot("acme", page(100));
    byte[] record = new byte[3 + serde.size(s)];

    assertThat(serde.write(s, record, 3)).isEqualTo(record.length);
    assertThat(serde.read(TOPIC, record, 3)).isEqualTo(s);
  }

  @Test
  void shouldPassNullsThroughAsTombstones() {
    assertThat(serde.serialize(TOPIC, null)).isNull();
    assertThat(serde.deserialize(TOPIC, null)).isNull();
  }

  private static Snapshot snapshot(String vendor, byte[] body) {
    return new Snapshot(vendor, "privacy-policy", "https://acme.test/privacy", SnapshotSource.LIVE, CAPTURED, FETCHED,
        200, "text/html", "utf-8", null, body);
  }

  /** An HTML page of {@code size} bytes of mixed ASCII and accented text. */
  private static byte[] page(int size) {
    StringBuilder html = new StringBuilder("<html><body><main>");
    for (int i = 0; html.length() < size; i++) {
      html.append("<p>Section ").append(i).append(": we collect données personnelles only to run the service.</p>\n");
    }
    return Arrays.copyOf(html.toString().getBytes(StandardCharsets.UTF_8), size);
  }
}
