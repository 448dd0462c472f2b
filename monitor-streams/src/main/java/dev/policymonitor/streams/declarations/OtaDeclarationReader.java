package dev.policymonitor.streams.declarations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.DatedDeclaration;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Open Terms Archive declarations as they are published: {@code <Service>.json} with {@code terms} (or the
 * older {@code documents}) and, beside it, {@code <Service>.history.json} with {@code validUntil} per entry (the
 * {@code ValidUntil} spelling found in some published files is accepted with a warning naming the file).
 * Unsupported parts (JavaScript filters, multi-page {@code combine}) become warnings, never failures.
 */
public final class OtaDeclarationReader {
  private static final String HISTORY_SUFFIX = ".history.json";

  /** Every service declaration in a directory (history files are read with their service), sorted by id. */
  public List<OtaService> readDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidConfigException("not a directory of OTA declarations: " + dir);
    }
    List<OtaService> services = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".json") && !n.endsWith(HISTORY_SUFFIX)) {
          services.add(read(f));
        }
      }
    } catch (IOException e) {
      throw new InvalidConfigException("cannot list " + dir + ": " + e.getMessage());
    }
    if (services.isEmpty()) {
      throw new InvalidConfigException("no OTA declaration (<Service>.json) in " + dir);
    }
    services.sort(java.util.Comparator.comparing(OtaService::id));
    return services;
  }

  /** One service file and its history file when present. */
  public OtaService read(Path serviceFile) {
    String fileName = serviceFile.getFileName().toString();
    String baseName = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    Path historyFile = serviceFile.resolveSibling(baseName + HISTORY_SUFFIX);
    return read(serviceFile.toString(), parse(serviceFile), Files.exists(historyFile) ? parse(historyFile) : null,
        historyFile.toString());
  }

  /**
   * One service declaration already read (an upload), with its history when there is one.
   *
   * @param serviceName how messages name the service file ({@code Bumble.json}); its base name is the service name
   *     when the declaration has no {@code name}
   */
  public OtaService read(String serviceName, JsonNode service, JsonNode history) {
    String base = serviceName.endsWith(".json") ? serviceName.substring(0, serviceName.length() - 5) : serviceName;
    return read(serviceName, service, history, base + HISTORY_SUFFIX);
  }

  private OtaService read(String where, JsonNode root, JsonNode historyRoot, String historyName) {
    String file = where.replace('\\', '/');
    String fileName = file.substring(file.lastIndexOf('/') + 1);
    String baseName = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(where + ": not an OTA declaration (a JSON object with \"terms\")");
    }
    String name = root.path("name").asText(baseName);
    JsonNode terms = root.has("terms") ? root.get("terms") : root.get("documents");
    if (terms == null || !terms.isObject()) {
      throw new InvalidConfigException(where + ": no \"terms\" object");
    }
    List<String> warnings = new ArrayList<>();
    Map<String, List<DatedDeclaration>> history = historyRoot == null ? new LinkedHashMap<>()
        : readHistory(historyRoot, historyName, warnings);
    Map<String, OtaDocument> documents = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = terms.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String type = documentType(e.getKey());
      DocumentDeclaration current = declaration(type, e.getValue(), where + ": " + e.getKey(), warnings);
      documents.put(type, new OtaDocument(current, history.getOrDefault(e.getKey(), List.of())));
    }
    return new OtaService(vendorId(name), name, documents, warnings);
  }

  /** OTA's terms type as our document type: {@code Privacy Policy} -> {@code privacy-policy}. */
  public static String documentType(String otaType) {
    return slug(otaType);
  }

  /** OTA's service name as our vendor id: {@code npm Public Registry} -> {@code npm-public-registry}. */
  public static String vendorId(String serviceName) {
    return slug(serviceName);
  }

  private static String slug(String s) {
    String slug = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "unnamed" : slug;
  }

  private Map<String, List<DatedDeclaration>> readHistory(JsonNode root, String historyFile,
      List<String> warnings) {
    Map<String, List<DatedDeclaration>> history = new LinkedHashMap<>();
    if (!root.isObject()) {
      throw new InvalidConfigException(historyFile + ": a history file is a JSON object of terms types");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<DatedDeclaration> entries = new ArrayList<>();
      for (JsonNode entry : e.getValue()) {
        String where = historyFile + ": " + e.getKey();
        JsonNode until = entry.get("validUntil");
        if ((until == null || until.isNull()) && entry.hasNonNull("ValidUntil")) {
          // Some published history files spell the key with a capital V; the date means the same.
          until = entry.get("ValidUntil");
          warnings.add(where + ": a history entry spells 'ValidUntil' (read as validUntil)");
        }
        if (until == null || until.isNull()) {
          warnings.add(where + ": a history entry without validUntil was skipped");
          continue;
        }
        entries.add(new DatedDeclaration(instant(until.asText(), where),
            declaration(documentType(e.getKey()), entry, where, warnings)));
      }
      history.put(e.getKey(), entries);
    }
    return history;
  }

  private static DocumentDeclaration declaration(String type, JsonNode node, String where, List<String> warnings) {
    JsonNode rules = node;
    if (node.has("combine")) {
      rules = combine(node, where, warnings);
    }
    String url = rules.path("fetch").asText(null);
    if (url == null) {
      throw new InvalidConfigException(where + ": no \"fetch\" URL");
    }
    List<String> filters = new ArrayList<>();
    for (JsonNode f : array(rules.get("filter"))) {
      String filter = f.isTextual() ? f.asText() : f.fieldNames().hasNext() ? f.fieldNames().next() : f.toString();
      filters.add(filter);
      warnings.add(where + ": filter '" + filter + "' cannot run here (JavaScript) and is skipped");
    }
    try {
      return new DocumentDeclaration(type, url, selectors(rules.get("select")), selectors(rules.get("remove")),
          filters, rules.path("executeClientScripts").asBoolean(false) ? RenderMode.BROWSER : null, null);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(where + ": " + e.getMessage());
    }
  }

  /** Merges a {@code combine} whose parts share one page; parts on other pages are named in a warning. */
  private static JsonNode combine(JsonNode node, String where, List<String> warnings) {
    var merged = Json.mapper().createObjectNode();
    var select = merged.putArray("select");
    var remove = merged.putArray("remove");
    var filter = merged.putArray("filter");
    String url = null;
    for (JsonNode part : node.get("combine")) {
      String partUrl = part.path("fetch").asText(node.path("fetch").asText(null));
      if (url == null) {
        url = partUrl;
      } else if (!url.equals(partUrl)) {
        warnings.add(where + ": combine part " + partUrl + " is on another page and is not fetched");
        continue;
      }
      array(part.has("select") ? part.get("select") : node.get("select")).forEach(select::add);
      array(part.has("remove") ? part.get("remove") : node.get("remove")).forEach(remove::add);
      array(part.has("filter") ? part.get("filter") : node.get("filter")).forEach(filter::add);
    }
    merged.put("fetch", url);
    if (node.has("executeClientScripts")) {
      merged.set("executeClientScripts", node.get("executeClientScripts"));
    }
    return merged;
  }

  private static List<Selector> selectors(JsonNode node) {
    List<Selector> out = new ArrayList<>();
    for (JsonNode s : array(node)) {
      out.add(Selector.fromJson(s));
    }
    return out;
  }

  private static List<JsonNode> array(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }

  private static Instant instant(String text, String where) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        // A bare date is inclusive: the whole day.
        return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
      } catch (DateTimeParseException e2) {
        throw new InvalidConfigException(where + ": validUntil is not an ISO date: " + text);
      }
    }
  }

  private static JsonNode parse(Path file) {
    try {
      return Json.mapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("declaration file not found: " + file);
    } catch (IOException e) {
      throw new InvalidConfigException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
