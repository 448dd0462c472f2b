package dev.policymonitor.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * How well bytes fit a charset, shared by the fetcher (which records a snapshot's charset) and the normalizer
 * (which decodes it): a declared charset that decodes all but a few bytes is the page's charset, and the few bad
 * bytes become replacement characters; one stray byte must not turn a UTF-8 page into windows-1252 mojibake.
 */
public final class Charsets {
  /** At most this many undecodable sequences per thousand bytes, and at least one in a body of {@value #MIN_BODY}. */
  static final int PER_MILLE = 1;
  static final int MIN_BODY = 100;

  private Charsets() {}

  /** The number of malformed or unmappable sequences met when decoding {@code body} with {@code charset}. */
  public static int undecodable(byte[] body, Charset charset) {
    CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(8192);
    int bad = 0;
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        bad++;
        in.position(in.position() + r.length());
      } else if (r.isOverflow()) {
        out.clear();
      } else {
        break;
      }
    }
    while (decoder.flush(out).isOverflow()) {
      out.clear();
    }
    return bad;
  }

  /** True when {@code charset} decodes {@code body} with no more than a few bad sequences (see {@link #tolerated}). */
  public static boolean decodesAllButAFew(byte[] body, Charset charset) {
    return undecodable(body, charset) <= tolerated(body.length);
  }

  /** How many undecodable sequences a body of {@code length} bytes may hold and still be in its declared charset. */
  public static int tolerated(int length) {
    return length < MIN_BODY ? 0 : Math.max(1, length / 1000 * PER_MILLE);
  }
}
