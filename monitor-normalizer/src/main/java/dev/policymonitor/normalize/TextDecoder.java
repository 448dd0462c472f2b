package dev.policymonitor.normalize;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes text bytes: a byte-order mark wins, then the snapshot's charset, then an HTML {@code <meta>} charset,
 * then strict UTF-8, then windows-1252 (which decodes any byte). A bad charset name is a warning, not a crash.
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
        return new String(body, cs);
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
          return new String(body, cs);
        }
        warnings.add("unknown <meta> charset '" + m.group(1) + "' ignored");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      if (unknown != null) {
        throw new ExtractionException("unknown charset '" + unknown
            + "' and the bytes are not UTF-8; cannot decode the snapshot");
      }
      warnings.add("no charset given and the bytes are not UTF-8: decoded as windows-1252");
      return new String(body, FALLBACK);
    }
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
