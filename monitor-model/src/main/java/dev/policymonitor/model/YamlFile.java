package dev.policymonitor.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML configuration file read into a record, with errors that name the file, the line and the reason:
 * {@code vendors.yaml, line 8: unknown key "selct" at vendors[0].documents[0].selct (known keys: remove, select,
 * type, url, ...)}.
 *
 * <p>Lines come from the YAML node tree (SnakeYAML's marks), found by the error's path, not from Jackson's location:
 * Jackson buffers the properties of a record until it is complete, so the location it reports for a bad key is
 * wherever the record ended (line 9 for a key on line 8, "line 8" for a key on line 1). Syntax errors, which the
 * parser finds as it reads, keep the parser's own location.
 */
public final class YamlFile {
  private final byte[] bytes;
  private final String origin;
  private Node root;
  private boolean composed;

  private YamlFile(byte[] bytes, String origin) {
    this.bytes = bytes;
    this.origin = origin;
  }

  /** @param origin how messages name the file, usually its path */
  public static YamlFile of(byte[] bytes, String origin) {
    return new YamlFile(bytes, origin);
  }

  /**
   * Reads a file.
   *
   * @param what what the file is, for messages: "vendors file", "alerts routing file"
   */
  public static YamlFile read(Path file, String what) {
    try {
      return new YamlFile(Files.readAllBytes(file), what + " " + file);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(what + " not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + file, e);
    }
  }

  public String origin() {
    return origin;
  }

  /**
   * The file as a {@code type}, through the project's YAML mapper (unknown keys are errors).
   *
   * @return null for an empty file
   * @throws InvalidConfigException with the file, line and reason of the first problem
   */
  public <T> T bind(Class<T> type) {
    Node top = root();
    if (top != null) {
      rejectRepeatedKeys(top, ConfigPath.root());
    }
    try {
      return Json.yaml().readValue(bytes, type);
    } catch (JacksonException e) {
      MarkedYAMLException syntax = syntaxError(e);
      if (syntax != null) {
        int line = syntax.getProblemMark() == null ? 0 : syntax.getProblemMark().getLine() + 1;
        throw new InvalidConfigException(at(line) + "not valid YAML: " + syntax.getProblem()
            + (syntax.getContext() == null ? "" : " (" + syntax.getContext() + ")"));
      }
      if (e instanceof JsonMappingException m) {
        throw mappingError(m);
      }
      throw new InvalidConfigException(at(lineOf(e.getLocation())) + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An error about the value at {@code path}: "{@code origin, line N: reason}". */
  public InvalidConfigException error(ConfigPath path, String reason) {
    return new InvalidConfigException(at(line(path)) + reason, path.isRoot() ? null : path.toString());
  }

  /** The line (1-based) of the value or key at {@code path}; the nearest enclosing one found, 0 when none. */
  public int line(ConfigPath path) {
    return walk(path).line;
  }

  /** The text of the scalar at {@code path}, or "?" when there is none. */
  private String scalarAt(ConfigPath path) {
    Found found = walk(path);
    return found.complete && found.node instanceof ScalarNode scalar ? scalar.getValue() : "?";
  }

  private record Found(Node node, int line, boolean complete) {}

  private Found walk(ConfigPath path) {
    Node node = root();
    if (node == null) {
      return new Found(null, 0, false);
    }
    int line = node.getStartMark().getLine() + 1;
    for (Object step : path.steps()) {
      Node next = null;
      if (step instanceof Integer i && node instanceof SequenceNode seq && i < seq.getValue().size()) {
        next = seq.getValue().get(i);
        line = next.getStartMark().getLine() + 1;
      } else if (step instanceof String name && node instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
            next = t.getValueNode();
            line = key.getStartMark().getLine() + 1;
            break;
          }
        }
      }
      if (next == null) {
        return new Found(node, line, false);
      }
      node = next;
    }
    return new Found(node, line, true);
  }

  /** A key written twice in one mapping: YAML parsers keep the last silently, people meant one of them. */
  private void rejectRepeatedKeys(Node node, ConfigPath path) {
    if (node instanceof MappingNode map) {
      java.util.Map<String, Integer> seen = new java.util.HashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key) {
          int line = key.getStartMark().getLine() + 1;
          Integer first = seen.putIfAbsent(key.getValue(), line);
          if (first != null) {
            throw new InvalidConfigException(at(line) + "key \"" + key.getValue() + "\" at " + path.field(key.getValue())
                + " is written twice (first on line " + first + ")");
          }
          rejectRepeatedKeys(t.getValueNode(), path.field(key.getValue()));
        }
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        rejectRepeatedKeys(seq.getValue().get(i), path.index(i));
      }
    }
  }

  private static MarkedYAMLException syntaxError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        return m;
      }
    }
    return null;
  }

  private InvalidConfigException mappingError(JsonMappingException e) {
    ConfigPath path = pathOf(e);
    String where = path.isRoot() ? "" : path + ": ";
    String reason;
    if (e instanceof UnrecognizedPropertyException u) {
      reason = "unknown key \"" + u.getPropertyName() + "\" at " + path + " (known keys: "
          + u.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new))
              .stream().collect(Collectors.joining(", ")) + ")";
      return error(path, reason);
    }
    if (e instanceof InvalidFormatException f) {
      reason = where + "\"" + f.getValue() + "\" " + expected(f.getTargetType());
    } else if (e instanceof ValueInstantiationException v && v.getType() != null && v.getType().isEnumType()) {
      // An enum read by its own creator (wire names such as "extraction-failed") that refused the value.
      reason = where + "\"" + scalarAt(path) + "\" " + expected(v.getType().getRawClass());
    } else if (e instanceof ValueInstantiationException) {
      Throwable cause = e.getCause();
      reason = where + (cause instanceof NullPointerException && cause.getMessage() != null
          ? "missing key \"" + cause.getMessage() + "\""
          : cause != null && cause.getMessage() != null ? cause.getMessage() : firstLine(e.getOriginalMessage()));
    } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      reason = where + "expected " + shape(m.getTargetType());
    } else {
      reason = where + firstLine(e.getOriginalMessage());
    }
    return error(path, reason);
  }

  private static String expected(Class<?> type) {
    if (type == Duration.class) {
      return "is not an ISO-8601 duration such as PT6H";
    }
    if (type != null && type.isEnum()) {
      return "is not one of " + java.util.Arrays.stream(type.getEnumConstants())
          .map(c -> Json.mapper().convertValue(c, String.class)).collect(Collectors.joining(", "));
    }
    return "is not " + shape(type);
  }

  private static String shape(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping (key: value)";
    }
    if (type == String.class) {
      return "a text value";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return "a " + type.getSimpleName();
  }

  private static ConfigPath pathOf(JsonMappingException e) {
    ConfigPath path = ConfigPath.root();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        path = path.index(ref.getIndex());
      } else if (ref.getFieldName() != null) {
        path = path.field(ref.getFieldName());
      }
    }
    return path;
  }

  private String at(int line) {
    return origin + (line > 0 ? ", line " + line : "") + ": ";
  }

  private static int lineOf(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? 0 : location.getLineNr();
  }

  private Node root() {
    if (!composed) {
      composed = true;
      try {
        root = new Yaml(new LoaderOptions()).compose(new InputStreamReader(new ByteArrayInputStream(bytes),
            StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        root = null; // not YAML: the error at hand already says so
      }
    }
    return root;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid YAML";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    int ignorable = line.indexOf(", not marked as ignorable");
    return (ignorable < 0 ? line : line.substring(0, ignorable)).replaceAll("\\s+", " ").trim();
  }
}
