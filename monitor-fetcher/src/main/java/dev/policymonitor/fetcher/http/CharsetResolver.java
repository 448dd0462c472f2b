package dev.policymonitor.fetcher.http;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import dev.policymonitor.model.Charsets;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the charset of a text body: the Content-Type header when it names a known charset the bytes
 * agree with, then a {@code <meta>} declaration, then UTF-8 when the bytes are UTF-8, then ICU's statistical
 * detection, then UTF-8. A declared charset "agrees" when it decodes all but a few bytes
 * ({@link Charsets#decodesAllButAFew}): one stray byte in a comment of a UTF-8 page declared UTF-8 keeps it UTF-8
 * (the normalizer replaces the bad byte), instead of re-detecting the page as windows-1252 and garbling every
 * accented word.
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
    if (header == null && agrees(StandardCharsets.UTF_8, body)) {
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

  /** UTF-8 must decode all but a few bytes; single-byte charsets always decode. */
  private static boolean agrees(Charset charset, byte[] body) {
    return !charset.equals(StandardCharsets.UTF_8) || Charsets.decodesAllButAFew(body, charset);
  }
}
