package dev.policymonitor.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The snapshot topics' and stores' serde: a {@link Snapshot} in a compact binary form, the page's bytes as they
 * are (no Base64, no JSON), written into one byte array of the exact size. Records written before this format
 * (JSON, by {@link JsonSerde}) are still read: the first byte tells them apart.
 *
 * <pre>
 * byte    0x81                      format 1 (a UTF-8 continuation byte: no JSON text starts with it)
 * string  vendor, document, url     each an int32 byte length (-1: null) and that many bytes of UTF-8
 * string  source                    its wire name (live, wayback, import), never the ordinal
 * instant capturedAt, fetchedAt     int64 epoch seconds and int32 nanoseconds
 * int32   httpStatus
 * string  contentType, charset, digest, language, rendered (wire name)   each may be null
 * bytes   body                      an int32 length and the page's bytes; nothing may follow
 * </pre>
 *
 * Integers are big-endian. The digest is kept as written, never recomputed. A record that is truncated, garbled or
 * of another format is a {@link SerializationException} naming the topic and what is wrong; every length is checked
 * against the bytes left before anything is allocated.
 */
public final class SnapshotSerde implements Serde<Snapshot>, Serializer<Snapshot>, Deserializer<Snapshot> {
  /** The first byte of the binary form. */
  public static final byte FORMAT = (byte) 0x81;

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int NULL = -1;
  private static final SnapshotSource[] SOURCES = SnapshotSource.values();
  private static final Rendering[] RENDERINGS = Rendering.values();
  /** The enums' wire names as UTF-8, indexed by ordinal (in memory only: the ordinal never reaches the wire). */
  private static final byte[][] SOURCE_WIRES = wires(Arrays.stream(SOURCES).map(SnapshotSource::wire));
  private static final byte[][] RENDERING_WIRES = wires(Arrays.stream(RENDERINGS).map(Rendering::wire));
  private static final JsonSerde<Snapshot> LEGACY = new JsonSerde<>(Snapshot.class);

  @Override
  public byte[] serialize(String topic, Snapshot s) {
    if (s == null) {
      return null;
    }
    byte[] out = new byte[size(s)];
    write(s, out, 0);
    return out;
  }

  /** The length of the binary form of {@code s}, for a record that embeds it. */
  public int size(Snapshot s) {
    return 1 + size(s.vendor()) + size(s.document()) + size(s.url()) + 4 + SOURCE_WIRES[s.source().ordinal()].length
        + 2 * 12 + 4 + size(s.contentType()) + size(s.charset()) + size(s.digest()) + size(s.language())
        + 4 + (s.rendered() == null ? 0 : RENDERING_WIRES[s.rendered().ordinal()].length) + 4 + s.body().length;
  }

  /**
   * Writes the binary form of {@code s} into {@code out} from {@code at}.
   *
   * @return the index after the last byte written ({@code at + size(s)})
   */
  public int write(Snapshot s, byte[] out, int at) {
    out[at++] = FORMAT;
    at = putString(out, at, s.vendor());
    at = putString(out, at, s.document());
    at = putString(out, at, s.url());
    at = putBytes(out, at, SOURCE_WIRES[s.source().ordinal()]);
    at = putInstant(out, at, s.capturedAt());
    at = putInstant(out, at, s.fetchedAt());
    INT.set(out, at, s.httpStatus());
    at = putString(out, at + 4, s.contentType());
    at = putString(out, at, s.charset());
    at = putString(out, at, s.digest());
    at = putString(out, at, s.language());
    at = putBytes(out, at, s.rendered() == null ? null : RENDERING_WIRES[s.rendered().ordinal()]);
    return putBytes(out, at, s.body());
  }

  @Override
  public Snapshot deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length == 0) {
      throw new SerializationException("cannot read a Snapshot from topic " + topic + ": the record is empty");
    }
    byte first = data[0];
    if (first == '{' || first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == (byte) 0xEF) {
      return LEGACY.deserialize(topic, data);
    }
    return read(topic, data, 0);
  }

  /** Reads the binary form that fills {@code data} from {@code from} to its end, for a record that embeds it. */
  public Snapshot read(String topic, byte[] data, int from) {
    Reader r = new Reader(topic, data, from);
    if (from >= data.length || data[from] != FORMAT) {
      throw r.fail(from >= data.length ? "truncated: no snapshot at offset " + from
          : String.format(Locale.ROOT, "unknown format byte 0x%02x at offset %d (neither the binary snapshot form"
              + " 0x%02x nor JSON)", data[from], from, FORMAT));
    }
    r.at++;
    String vendor = r.required("vendor");
    String document = r.required("document");
    String url = r.required("url");
    SnapshotSource source = r.wire("source", SOURCES, SOURCE_WIRES, false);
    Instant capturedAt = r.instant("capturedAt");
    Instant fetchedAt = r.instant("fetchedAt");
    int httpStatus = r.int32("httpStatus");
    String contentType = r.string("contentType");
    String charset = r.string("charset");
    String digest = r.string("digest");
    String language = r.string("language");
    Rendering rendered = r.wire("rendered", RENDERINGS, RENDERING_WIRES, true);
    int length = r.length("body");
    if (length == NULL) {
      throw r.fail("body is null");
    }
    if (r.at + length != data.length) {
      throw r.fail((data.length - r.at - length) + " bytes follow the body");
    }
    byte[] body = Arrays.copyOfRange(data, r.at, r.at + length);
    return new Snapshot(vendor, document, url, source, capturedAt, fetchedAt, httpStatus, contentType, charset,
        digest, body, language, rendered);
  }

  private static int size(String s) {
    return 4 + (s == null ? 0 : utf8(s).length);
  }

  private static int putString(byte[] out, int at, String s) {
    return putBytes(out, at, s == null ? null : utf8(s));
  }

  /** A field's few bytes (a lone surrogate becomes {@code ?}, as everywhere in the JDK). */
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An int32 length (-1: null) and the bytes. */
  private static int putBytes(byte[] out, int at, byte[] bytes) {
    if (bytes == null) {
      INT.set(out, at, NULL);
      return at + 4;
    }
    INT.set(out, at, bytes.length);
    System.arraycopy(bytes, 0, out, at + 4, bytes.length);
    return at + 4 + bytes.length;
  }

  private static int putInstant(byte[] out, int at, Instant t) {
    LONG.set(out, at, t.getEpochSecond());
    INT.set(out, at + 8, t.getNano());
    return at + 12;
  }

  private static byte[][] wires(Stream<String> names) {
    return names.map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /** A position in one record being read; every read checks the bytes left first. */
  private static final class Reader {
    private final String topic;
    private final byte[] data;
    private int at;

    Reader(String topic, byte[] data, int at) {
      this.topic = topic;
      this.data = data;
      this.at = at;
    }

    int int32(String field) {
      need(field, 4);
      int v = (int) INT.get(data, at);
      at += 4;
      return v;
    }

    /** A length prefix: -1 (null) or a length no larger than the bytes left after it. */
    int length(String field) {
      int n = int32(field + "'s length");
      if (n < NULL) {
        throw fail("negative length " + n + " of " + field + " at offset " + (at - 4));
      }
      if (n > 0) {
        need(field, n);
      }
      return n;
    }

    String string(String field) {
      int n = length(field);
      if (n == NULL) {
        return null;
      }
      String s = new String(data, at, n, StandardCharsets.UTF_8);
      at += n;
      return s;
    }

    String required(String field) {
      String s = string(field);
      if (s == null) {
        throw fail(field + " is null");
      }
      return s;
    }

    /** An enum by its wire name, matched against the known names' bytes (no string made). */
    <E> E wire(String field, E[] values, byte[][] wires, boolean nullable) {
      int n = length(field);
      if (n == NULL) {
        if (nullable) {
          return null;
        }
        throw fail(field + " is null");
      }
      for (int i = 0; i < wires.length; i++) {
        if (Arrays.equals(data, at, at + n, wires[i], 0, wires[i].length)) {
          at += n;
          return values[i];
        }
      }
      throw fail("unknown " + field + " '" + new String(data, at, n, StandardCharsets.UTF_8) + "'");
    }

    Instant instant(String field) {
      need(field, 12);
      long seconds = (long) LONG.get(data, at);
      int nanos = (int) INT.get(data, at + 8);
      at += 12;
      if (nanos < 0 || nanos > 999_999_999 || seconds < Instant.MIN.getEpochSecond()
          || seconds > Instant.MAX.getEpochSecond()) {
        throw fail(field + " is out of range: " + seconds + " s " + nanos + " ns at offset " + (at - 12));
      }
      return Instant.ofEpochSecond(seconds, nanos);
    }

    private void need(String field, int n) {
      if (data.length - at < n) {
        throw fail("truncated: " + field + " needs " + n + " bytes at offset " + at + ", " + (data.length - at)
            + " left");
      }
    }

    SerializationException fail(String what) {
      return new SerializationException("cannot read a Snapshot from topic " + topic + " (" + data.length
          + " bytes): " + what);
    }
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
  public Serializer<Snapshot> serializer() {
    return this;
  }

  @Override
  public Deserializer<Snapshot> deserializer() {
    return this;
  }
}
