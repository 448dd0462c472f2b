package dev.policymonitor.normalize;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a binary body from a text one by its magic number or by its proportion of control bytes, never by one
 * stray byte: a 22 KB text page with one NUL byte is text (a page left unmonitored for one byte is worse than a
 * replacement character), while images, archives, executables and office files are binary.
 */
final class BinaryContent {
  static final int PROBE = 65_536;
  /** More than this share of control bytes (NUL included; tab, line ends, form feed and ESC excluded) is binary. */
  static final double CONTROL_SHARE = 0.02;
  private static final Map<String, byte[]> MAGIC = Map.ofEntries(
      Map.entry("PNG image", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
      Map.entry("JPEG image", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}),
      Map.entry("GIF image", new byte[] {'G', 'I', 'F', '8'}),
      Map.entry("ZIP archive (or an Office document)", new byte[] {'P', 'K', 3, 4}),
      Map.entry("gzip data", new byte[] {0x1f, (byte) 0x8b}),
      Map.entry("bzip2 data", new byte[] {'B', 'Z', 'h'}),
      Map.entry("xz data", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
      Map.entry("zstd data", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
      Map.entry("7z archive", new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c}),
      Map.entry("RAR archive", new byte[] {'R', 'a', 'r', '!', 0x1a, 0x07}),
      Map.entry("ELF executable", new byte[] {0x7f, 'E', 'L', 'F'}),
      Map.entry("Windows executable", new byte[] {'M', 'Z'}),
      Map.entry("WebAssembly module", new byte[] {0, 'a', 's', 'm'}),
      Map.entry("OLE2 document (old Office format)", new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0}),
      Map.entry("Ogg media", new byte[] {'O', 'g', 'g', 'S'}),
      Map.entry("RIFF media (WebP, WAV, AVI)", new byte[] {'R', 'I', 'F', 'F'}),
      Map.entry("ICO image", new byte[] {0, 0, 1, 0}));

  private BinaryContent() {}

  /** Why {@code body} is binary, or empty when it is text (UTF-16 with a byte-order mark is text). */
  static Optional<String> reason(byte[] body, String contentType) {
    if (TextDecoder.isUtf16(body)) {
      return Optional.empty();
    }
    String type = contentType == null ? "" : " (content type " + contentType + ")";
    for (Map.Entry<String, byte[]> m : MAGIC.entrySet()) {
      if (startsWith(body, m.getValue())) {
        return Optional.of("binary content: " + m.getKey() + " by its magic number" + type + "; not a text document");
      }
    }
    if (body.length >= 12 && new String(body, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
      return Optional.of("binary content: MP4/QuickTime media by its magic number" + type + "; not a text document");
    }
    int probe = Math.min(body.length, PROBE);
    int control = 0;
    int firstNul = -1;
    for (int i = 0; i < probe; i++) {
      int b = body[i] & 0xff;
      if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b)) {
        control++;
        if (b == 0 && firstNul < 0) {
          firstNul = i;
        }
      }
    }
    if (control > probe * CONTROL_SHARE) {
      return Optional.of(firstNul >= 0 && control == 1
          ? "binary content: NUL byte at offset " + firstNul + type + "; not a text document"
          : String.format(Locale.ROOT, "binary content: %d control bytes in the first %d (%.1f%%)%s;"
              + " not a text document", control, probe, 100.0 * control / probe, type));
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] body, byte[] magic) {
    if (body.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (body[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
