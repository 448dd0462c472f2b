package dev.policymonitor.fetcher.http;

import java.io.IOException;
import java.util.Locale;
import java.util.zip.Inflater;
import okio.Buffer;
import okio.BufferedSource;
import okio.GzipSource;
import okio.InflaterSource;
import okio.Okio;
import okio.Source;

/**
 * Reads a response body, decoding gzip or deflate itself, and stops as soon as the decoded size passes
 * the cap: a gzip bomb costs at most the cap plus one read buffer, never its full expansion.
 */
public final class LimitedBody {
  private static final long CHUNK = 8192;

  private LimitedBody() {}

  /** Thrown when the decoded body is bigger than the cap. */
  public static final class TooLargeException extends IOException {
    public TooLargeException(long cap) {
      super("body is larger than " + cap + " bytes (decompressed)");
    }
  }

  /** Thrown for a Content-Encoding we did not ask for. */
  public static final class UnsupportedEncodingException extends IOException {
    public UnsupportedEncodingException(String encoding) {
      super("unsupported Content-Encoding: " + encoding);
    }
  }

  public static byte[] read(BufferedSource raw, String contentEncoding, long cap) throws IOException {
    Source decoded = decoder(raw, contentEncoding);
    try (BufferedSource in = Okio.buffer(decoded)) {
      Buffer out = new Buffer();
      while (true) {
        long n = in.read(out, CHUNK);
        if (n == -1) {
          return out.readByteArray();
        }
        if (out.size() > cap) {
          throw new TooLargeException(cap);
        }
      }
    }
  }

  private static Source decoder(BufferedSource raw, String encoding) throws IOException {
    String e = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
    if (e.isEmpty() || e.equals("identity")) {
      return raw;
    }
    if (e.equals("gzip") || e.equals("x-gzip")) {
      return new GzipSource(raw);
    }
    if (e.equals("deflate")) {
      // RFC 9110 "deflate" is zlib-wrapped; a few servers send raw deflate, detected by the zlib header.
      boolean zlib = raw.request(2) && (raw.getBuffer().getByte(0) & 0x0f) == 8
          && (((raw.getBuffer().getByte(0) & 0xff) << 8) | (raw.getBuffer().getByte(1) & 0xff)) % 31 == 0;
      return new InflaterSource(raw, new Inflater(!zlib));
    }
    throw new UnsupportedEncodingException(encoding);
  }
}
