package dev.policymonitor.fetcher.http;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the charset of a text body: the Content-Type header when it names a known charset the bytes
 * agree with, then a {@code <meta>} declaration, then ICU's statistical detection, then UTF-8.
 */
public final class CharsetResolver {
  private static final Pattern META = Pattern.compile(
      "<meta[^>]+charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
  private static final int META_SCAN = 4096;

  private CharsetResolver() {}

  public static String resolve(String headerCharset, byte[] body) {
    Charset header = known(headerCharset);
    if (header != null && agrees(header, body)) {
      return header.name();
    }
    Matcher m = META.matcher(new String(body, 0, Math.min(body.length, META_SCAN), StandardCharsets.ISO_8859_1));
    if (m.find()) {
      Charset meta = known(m.group(1));
      if (meta != null && agrees(meta, body)) {
        return meta.name();
      }
    }
    if (agrees(StandardCharsets.UTF_8, body) && header == null) {
      return StandardCharsets.UTF_8.name();
    }
    CharsetMatch match = new CharsetDetector().setText(body).detect();
    if (match != null && known(match.getName()) != null) {
      return known(match.getName()).name();
    }
    return StandardCharsets.UTF_8.name();
  }

  private static Charset known(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return Charset.forName(name.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** UTF-8 (and other multi-byte charsets) must decode cleanly; single-byte charsets always do. */
  private static boolean agrees(Charset charset, byte[] body) {
    if (!charset.equals(StandardCharsets.UTF_8)) {
      return true;
    }
    try {
      charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
