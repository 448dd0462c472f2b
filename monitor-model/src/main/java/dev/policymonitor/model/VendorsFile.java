package dev.policymonitor.model;

import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a vendors file passes before anything starts: its shape (unknown keys, types), vendor ids and document
 * types, duplicates, URLs (http(s), and not a forbidden target), positive poll intervals, CSS selectors jsoup can
 * parse, ignore rules (bounded patterns) and the allow-list's entries. The first problem is an
 * {@link InvalidConfigException} naming the file, the line, the reason and the field.
 */
final class VendorsFile {
  private VendorsFile() {}

  static VendorsConfig validate(YamlFile file, boolean allowPrivateTargets) {
    VendorsConfig config = file.bind(VendorsConfig.class);
    if (config == null) {
      throw new InvalidConfigException(file.origin() + ": the file is empty");
    }
    ConfigPath top = ConfigPath.root();
    TargetAllowList allowList = allowList(file, config);
    TargetPolicy policy = new TargetPolicy(allowList, allowPrivateTargets);
    requirePositive(file, top.field("pollInterval"), config.pollInterval());
    Map<String, Integer> vendorLines = new HashMap<>();
    for (int i = 0; i < config.vendors().size(); i++) {
      VendorConfig v = config.vendors().get(i);
      ConfigPath vp = top.field("vendors").index(i);
      if (v == null) {
        throw file.error(vp, vp + ": an empty vendor entry");
      }
      Integer first = vendorLines.putIfAbsent(v.id(), file.line(vp.field("id")));
      if (first != null) {
        throw file.error(vp.field("id"), "vendor " + v.id() + " is declared twice (first on line " + first + ")");
      }
      requirePositive(file, vp.field("pollInterval"), v.pollInterval());
      Map<String, Integer> documentLines = new HashMap<>();
      for (int j = 0; j < v.documents().size(); j++) {
        DocumentDeclaration d = v.documents().get(j);
        ConfigPath dp = vp.field("documents").index(j);
        if (d == null) {
          throw file.error(dp, dp + ": an empty document entry");
        }
        PolicyKey key;
        try {
          key = new PolicyKey(v.id(), d.type());
        } catch (IllegalArgumentException e) {
          boolean badVendor = e.getMessage().startsWith("vendor");
          throw file.error(badVendor ? vp.field("id") : dp.field("type"), e.getMessage());
        }
        Integer firstDoc = documentLines.putIfAbsent(d.type(), file.line(dp.field("type")));
        if (firstDoc != null) {
          throw file.error(dp.field("type"), "document " + key + " is declared twice (first on line " + firstDoc
              + ")");
        }
        url(file, dp.field("url"), key, d.url(), policy);
        requirePositive(file, dp.field("pollInterval"), d.pollInterval());
        selectors(file, dp.field("select"), d.select());
        selectors(file, dp.field("remove"), d.remove());
        ignoreRules(file, dp.field("ignore"), d.ignore());
      }
    }
    return config;
  }

  private static TargetAllowList allowList(YamlFile file, VendorsConfig config) {
    List<String> entries = config.allowTargets();
    for (int i = 0; i < entries.size(); i++) {
      try {
        TargetAllowList.parse(java.util.Collections.singletonList(entries.get(i)));
      } catch (IllegalArgumentException e) {
        throw file.error(ConfigPath.root().field("allowTargets").index(i), "allowTargets[" + i + "]: "
            + e.getMessage());
      }
    }
    return TargetAllowList.parse(entries);
  }

  private static void url(YamlFile file, ConfigPath path, PolicyKey key, String url, TargetPolicy policy) {
    URI uri;
    try {
      uri = VendorsConfig.requireHttpUrl(url, key + ": url");
    } catch (InvalidConfigException e) {
      throw file.error(path, e.getMessage());
    }
    Optional<String> refusal = policy.refusalOfUrl(uri);
    if (refusal.isPresent()) {
      throw file.error(path, VendorsConfig.refusedMessage(key + ": url", url, refusal.get()));
    }
  }

  private static void requirePositive(YamlFile file, ConfigPath path, Duration interval) {
    if (interval != null && (interval.isNegative() || interval.isZero())) {
      throw file.error(path, path + " " + interval + " must be positive, e.g. PT6H (every six hours)");
    }
  }

  private static void selectors(YamlFile file, ConfigPath path, List<Selector> selectors) {
    for (int i = 0; i < selectors.size(); i++) {
      try {
        selectors.get(i).validate();
      } catch (IllegalArgumentException e) {
        throw file.error(path.index(i), path.index(i) + ": " + e.getMessage());
      }
    }
  }

  private static void ignoreRules(YamlFile file, ConfigPath path, List<IgnoreRule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      try {
        rules.get(i).validate();
      } catch (IllegalArgumentException e) {
        throw file.error(path.index(i), path.index(i) + ": " + e.getMessage());
      }
    }
  }
}
