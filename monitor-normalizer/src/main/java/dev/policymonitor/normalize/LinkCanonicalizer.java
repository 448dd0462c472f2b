package dev.policymonitor.normalize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical link targets: Wayback rewrites undone, Cloudflare-obfuscated emails decoded, tracking and
 * cache-busting query parameters removed, so a link's noise never reads as a policy change.
 */
final class LinkCanonicalizer {
  private static final Pattern WAYBACK = Pattern.compile(
      "^(?:https?:)?(?://(?:web\\.)?archive\\.org)?/web/\\d{1,14}(?:[a-z]{2}_)?/+(.*)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern CF_PATH = Pattern.compile("/cdn-cgi/l/email-protection#([0-9a-fA-F]{4,})");
  private static final Pattern MAILTO_HEX = Pattern.compile("^mailto:[^#]*#([0-9a-fA-F]{4,})$", Pattern.CASE_INSENSITIVE);
  private static final Set<String> TRACKING = Set.of("gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid",
      "msclkid", "yclid", "twclid", "ttclid", "igshid", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
      "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
      "vero_conv", "wickedid", "s_cid", "spm", "scid", "srsltid", "ref_src", "trk", "trkcampaign", "sc_cid");
  private static final Set<String> CACHE_BUSTERS = Set.of("v", "ver", "version", "t", "ts", "timestamp", "_", "cb",
      "cache", "cachebust", "cachebuster", "rev", "nocache", "rnd", "rand", "random", "hash", "h");
  private static final Pattern CACHE_VALUE = Pattern.compile("^(\\d+|[0-9a-f]{6,}|\\d+(\\.\\d+)+)$", Pattern.CASE_INSENSITIVE);

  private LinkCanonicalizer() {}

  /** The original URL behind a Wayback Machine URL, or the input unchanged. */
  static String unwrapWayback(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = WAYBACK.matcher(url.trim());
    if (!m.matches()) {
      return url;
    }
    // Wayback sometimes keeps the original URL's scheme percent-encoded: https%3A//host/...
    String original = m.group(1).replaceFirst("^(?i)(https?)%3A", "$1:");
    if (original.startsWith("//")) {
      return "https:" + original;
    }
    if (!SCHEME.matcher(original).find()) {
      return "http://" + original;
    }
    // Wayback collapses "https://" to "https:/" in some rewrites.
    return original.replaceFirst("^(https?):/(?!/)", "$1://");
  }

  /** Decodes a Cloudflare-protected address ({@code /cdn-cgi/l/email-protection#hex}, {@code mailto:x#hex}). */
  static String cloudflareMailto(String href) {
    Matcher m = CF_PATH.matcher(href);
    if (m.find()) {
      String email = decodeCfEmail(m.group(1));
      return email == null ? href : "mailto:" + email;
    }
    m = MAILTO_HEX.matcher(href);
    if (m.matches()) {
      String email = decodeCfEmail(m.group(1));
      if (email != null && email.contains("@")) {
        return "mailto:" + email;
      }
    }
    return href;
  }

  /** Cloudflare's scheme: the first byte is a key, every later byte is a character XOR the key; null if invalid. */
  static String decodeCfEmail(String hex) {
    if (hex.length() < 4 || hex.length() % 2 != 0) {
      return null;
    }
    try {
      int key = Integer.parseInt(hex.substring(0, 2), 16);
      byte[] out = new byte[hex.length() / 2 - 1];
      for (int i = 2; i < hex.length(); i += 2) {
        out[i / 2 - 1] = (byte) (Integer.parseInt(hex.substring(i, i + 2), 16) ^ key);
      }
      String email = new String(out, StandardCharsets.UTF_8);
      return email.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? email : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A link target in canonical form: absolute (when a base is known), unwrapped, decoded and de-tracked. */
  static String canonical(String absoluteHref) {
    String href = cloudflareMailto(unwrapWayback(absoluteHref.trim()));
    if (href.regionMatches(true, 0, "mailto:", 0, 7)) {
      return "mailto:" + href.substring(7).replaceAll("[?#].*$", "").trim();
    }
    return stripQuery(href);
  }

  /** Removes tracking and cache-busting parameters; keeps the others in their order. */
  static String stripQuery(String href) {
    int q = href.indexOf('?');
    if (q < 0) {
      return href;
    }
    int hash = href.indexOf('#', q);
    String query = hash < 0 ? href.substring(q + 1) : href.substring(q + 1, hash);
    String fragment = hash < 0 ? "" : href.substring(hash);
    List<String> kept = new ArrayList<>();
    for (String param : query.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = (eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : param.substring(eq + 1);
      boolean tracking = name.startsWith("utm_") || TRACKING.contains(name);
      boolean bareNumber = eq < 0 && name.matches("\\d+");
      boolean buster = CACHE_BUSTERS.contains(name) && CACHE_VALUE.matcher(value).matches();
      if (!tracking && !bareNumber && !buster) {
        kept.add(param);
      }
    }
    return href.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
  }
}
