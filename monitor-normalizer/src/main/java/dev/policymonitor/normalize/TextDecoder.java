package dev.policymonitor.normalize;

import dev.policymonitor.model.Charsets;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes text bytes: a byte-order mark wins, then the snapshot's charset, then an HTML {@code <meta>} charset,
 * then UTF-8, then windows-1252 (which decodes any byte). A declared charset, or UTF-8, that decodes all but a few
 * bytes ({@link Charsets#decodesAllButAFew}) wins, with replacement characters for the bad bytes and a warning: one
 * stray byte in a comment must not turn every accented word of a UTF-8 page into windows-1252 mojibake. A bad
 * charset name is a warning, not a crash.
 */
final class TextDecoder {
  private static final Pattern META_CHARSET = Pattern.compile(
      "(?i)<meta[^>]+charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:-]+)");
  private static final Charset FALLBACK = Charset.forName("windows-1252");

  String decode(byte[] body, String declaredCharset, boolean html, List<String> warnings) {
    Charset bom = bomCharset(body);
    if (bom != null) {
      int skip = bom == StandardCharsets.UTF_8 ? 3 : 2;
      return new String(body, skip, body.length - skip, bom);
    }
    String unknown = null;
    if (declaredCharset != null && !declaredCharset.isBlank()) {
      Charset cs = lookup(declaredCharset);
      if (cs != null) {
        return declared(body, cs, "the snapshot's charset " + cs.name(), warnings);
      }
      unknown = declaredCharset;
      warnings.add("unknown charset '" + declaredCharset + "' ignored");
    }
    if (html) {
      String head = new String(body, 0, Math.min(body.length, 8192), StandardCharsets.ISO_8859_1);
      Matcher m = META_CHARSET.matcher(head);
      if (m.find()) {
        Charset cs = lookup(m.group(1));
        if (cs != null) {
          return declared(body, cs, "the <meta> charset " + cs.name(), warnings);
        }
        warnings.add("unknown <meta> charset '" + m.group(1) + "' ignored");
      }
    }
    int bad = Charsets.undecodable(body, StandardCharsets.UTF_8);
    if (bad == 0) {
      return new String(body, StandardCharsets.UTF_8);
    }
    if (bad <= Charsets.tolerated(body.length)) {
      warnings.add(bad + " undecodable byte sequence(s) in UTF-8 text replaced with U+FFFD");
      return new String(body, StandardCharsets.UTF_8);
    }
    if (unknown != null) {
      throw new ExtractionException("unknown charset '" + unknown
          + "' and the bytes are not UTF-8; cannot decode the snapshot");
    }
    warnings.add("no charset given and the bytes are not UTF-8: decoded as windows-1252");
    return new String(body, FALLBACK);
  }

  /**
   * Bytes in a declared charset: decoded with it, the few bad sequences replaced (with a warning). When the
   * declaration is plainly wrong (many bad sequences) and the bytes are UTF-8, UTF-8 is used instead.
   */
  private static String declared(byte[] body, Charset cs, String what, List<String> warnings) {
    if (singleByte(cs) && hasMultiByteUtf8(body) && Charsets.decodesAllButAFew(body, StandardCharsets.UTF_8)) {
      // A single-byte charset decodes any byte, so it cannot be checked; UTF-8 can, and these bytes are UTF-8
      // (an older fetcher recorded windows-1252 for a UTF-8 page with one stray byte).
      warnings.add(what + " ignored: the bytes are UTF-8");
      return new String(body, StandardCharsets.UTF_8);
    }
    int bad = Charsets.undecodable(body, cs);
    if (bad == 0) {
      return new String(body, cs);
    }
    if (bad > Charsets.tolerated(body.length) && !cs.equals(StandardCharsets.UTF_8)
        && Charsets.undecodable(body, StandardCharsets.UTF_8) == 0) {
      warnings.add(what + " does not fit the bytes (" + bad + " undecodable sequences); they are UTF-8");
      return new String(body, StandardCharsets.UTF_8);
    }
    warnings.add(bad + " undecodable byte sequence(s) in " + what + " replaced with U+FFFD");
    return new String(body, cs);
  }

  private static boolean singleByte(Charset cs) {
    return cs.newEncoder().maxBytesPerChar() == 1.0f && !cs.equals(StandardCharsets.US_ASCII);
  }

  /** True when the bytes hold at least one well-formed multi-byte UTF-8 sequence (a lead byte and its continuation). */
  private static boolean hasMultiByteUtf8(byte[] b) {
    for (int i = 0; i + 1 < b.length; i++) {
      int lead = b[i] & 0xff;
      if (lead >= 0xc2 && lead <= 0xf4 && (b[i + 1] & 0xc0) == 0x80) {
        return true;
      }
    }
    return false;
  }

  private static Charset lookup(String name) {
    String n = name.trim().replaceAll("^[\"']|[\"']$", "");
    try {
      // Browsers treat latin-1 labels as windows-1252; so do we.
      if (n.equalsIgnoreCase("iso-8859-1") || n.equalsIgnoreCase("latin1") || n.equalsIgnoreCase("us-ascii")) {
        return FALLBACK;
      }
      return Charset.isSupported(n) ? Charset.forName(n.toLowerCase(Locale.ROOT)) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Charset bomCharset(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      return StandardCharsets.UTF_8;
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      return StandardCharsets.UTF_16BE;
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      return StandardCharsets.UTF_16LE;
    }
    return null;
  }

  /** True when the bytes start with a UTF-16 byte-order mark (NUL bytes are then expected). */
  static boolean isUtf16(byte[] b) {
    Charset cs = bomCharset(b);
    return cs == StandardCharsets.UTF_16BE || cs == StandardCharsets.UTF_16LE;
  }
}
