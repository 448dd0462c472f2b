package dev.policymonitor.streams.classify;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The data that drives {@link ChangeClassifier}: privacy-practice categories and severity rules, read from
 * the bundled {@code rules.yaml} and optionally extended by a user's file of the same shape.
 */
public record ClassificationRules(List<Category> categories, List<Rule> rules) {
  static final String BUNDLED = "/dev/policymonitor/streams/classify/rules.yaml";
  /** Lists the bundled languages; each one's patterns are in {@code lang/<code>.yaml} beside it. */
  static final String LANGUAGES = "/dev/policymonitor/streams/classify/languages.yaml";

  public ClassificationRules {
    categories = categories == null ? List.of() : List.copyOf(categories);
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /**
   * A category: a changed sentence matching one of {@code patterns} is about it.
   *
   * @param severity the least severity of a change touching such a sentence (null = low)
   */
  public record Category(String id, Severity severity, List<String> patterns) {
    public Category {
      Objects.requireNonNull(id, "category id");
      patterns = patterns == null ? List.of() : List.copyOf(patterns);
    }
  }

  /**
   * A rule that sets {@code severity} when a sentence matching {@code pattern} (and not {@code unless})
   * appears ({@link Side#ADDED}) or disappears ({@link Side#REMOVED}).
   */
  public record Rule(String id, Side side, String pattern, String unless, Severity severity, String reason) {
    public Rule {
      Objects.requireNonNull(id, "rule id");
      side = side == null ? Side.ANY : side;
      severity = severity == null ? Severity.MEDIUM : severity;
      reason = reason == null ? id : reason;
    }
  }

  /** Which side of a change a rule looks at. */
  public enum Side {
    ADDED, REMOVED, ANY;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Side fromWire(String wire) {
      return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** The bundled rules: English ({@code rules.yaml}) extended by every language listed in {@code languages.yaml}. */
  public static ClassificationRules bundled() {
    ClassificationRules rules = resource(BUNDLED, ClassificationRules.class);
    for (String language : resource(LANGUAGES, Languages.class).languages()) {
      rules = rules.extendedBy(resource("/dev/policymonitor/streams/classify/lang/" + language + ".yaml",
          ClassificationRules.class));
    }
    return rules;
  }

  /** The codes of the bundled languages besides English. */
  public static List<String> bundledLanguages() {
    return resource(LANGUAGES, Languages.class).languages();
  }

  private record Languages(List<String> languages) {
    Languages {
      languages = languages == null ? List.of() : List.copyOf(languages);
    }
  }

  private static <T> T resource(String name, Class<T> type) {
    try (InputStream in = ClassificationRules.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return Json.yaml().readValue(in, type);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled classification rules " + name, e);
    }
  }

  /** The bundled rules extended by {@code extra}; a missing or malformed file is an {@link InvalidConfigException}. */
  public static ClassificationRules load(Path extra) {
    return bundled().extendedBy(read(extra));
  }

  static ClassificationRules read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException("classification rules file not found: " + file);
    }
    try {
      ClassificationRules rules = Json.yaml().readValue(file.toFile(), ClassificationRules.class);
      if (rules == null) {
        throw new InvalidConfigException(file + ": the file is empty");
      }
      return rules;
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(file + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (IOException e) {
      throw new InvalidConfigException(file + ": " + e.getMessage());
    }
  }

  /** These rules plus {@code other}'s: patterns of a known category are added, new categories and rules appended. */
  public ClassificationRules extendedBy(ClassificationRules other) {
    Map<String, Category> byId = new LinkedHashMap<>();
    categories.forEach(c -> byId.put(c.id(), c));
    for (Category c : other.categories()) {
      Category known = byId.get(c.id());
      if (known == null) {
        byId.put(c.id(), c);
      } else {
        List<String> patterns = new ArrayList<>(known.patterns());
        patterns.addAll(c.patterns());
        byId.put(c.id(), new Category(c.id(), c.severity() == null ? known.severity() : c.severity(), patterns));
      }
    }
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(other.rules());
    return new ClassificationRules(new ArrayList<>(byId.values()), all);
  }
}
