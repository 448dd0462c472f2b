package dev.policymonitor.streams;

import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.SnapshotSerde;
import dev.policymonitor.streams.SnapshotGate.WaitingSnapshot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@link PolicyTopology#WAITING_SNAPSHOT_STORE}: a byte {@code 0x82}, the wall-clock time the
 * snapshot started waiting (int64 epoch seconds, int32 nanoseconds), its record timestamp (int64), then the
 * snapshot in {@link SnapshotSerde}'s binary form. Records written before this form (JSON) are still read.
 */
final class WaitingSnapshotSerde implements Serde<WaitingSnapshot>, Serializer<WaitingSnapshot>,
    Deserializer<WaitingSnapshot> {
  static final byte FORMAT = (byte) 0x82;
  private static final int HEADER = 1 + 12 + 8;
  private static final SnapshotSerde SNAPSHOT = new SnapshotSerde();
  private static final JsonSerde<WaitingSnapshot> LEGACY = new JsonSerde<>(WaitingSnapshot.class);

  @Override
  public byte[] serialize(String topic, WaitingSnapshot w) {
    if (w == null) {
      return null;
    }
    byte[] out = new byte[HEADER + SNAPSHOT.size(w.snapshot())];
    ByteBuffer.wrap(out).put(FORMAT).putLong(w.waitingSince().getEpochSecond()).putInt(w.waitingSince().getNano())
        .putLong(w.timestamp());
    SNAPSHOT.write(w.snapshot(), out, HEADER);
    return out;
  }

  @Override
  public WaitingSnapshot deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > 0 && data[0] == '{') {
      return LEGACY.deserialize(topic, data);
    }
    if (data.length < HEADER || data[0] != FORMAT) {
      throw new SerializationException("cannot read a waiting snapshot from topic " + topic + " (" + data.length
          + " bytes): " + (data.length == 0 || data[0] == FORMAT ? "truncated before the snapshot"
          : String.format(Locale.ROOT, "unknown format byte 0x%02x", data[0])));
    }
    ByteBuffer header = ByteBuffer.wrap(data, 1, HEADER - 1);
    long seconds = header.getLong();
    int nanos = header.getInt();
    if (nanos < 0 || nanos > 999_999_999 || seconds < Instant.MIN.getEpochSecond()
        || seconds > Instant.MAX.getEpochSecond()) {
      throw new SerializationException("cannot read a waiting snapshot from topic " + topic + ": its waiting time "
          + "is out of range (" + seconds + " s " + nanos + " ns)");
    }
    return new WaitingSnapshot(Instant.ofEpochSecond(seconds, nanos), header.getLong(),
        SNAPSHOT.read(topic, data, HEADER));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // nothing to configure
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public Serializer<WaitingSnapshot> serializer() {
    return this;
  }

  @Override
  public Deserializer<WaitingSnapshot> deserializer() {
    return this;
  }
}
