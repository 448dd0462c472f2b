package dev.policymonitor.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The type of a configuration value: a label for the docs ({@code ISO-8601 duration}, {@code integer 1..100}) and a
 * parser that turns the raw text into a value or throws an {@link IllegalArgumentException} whose message is the
 * reason alone ("must be true or false"), never the value: {@link ConfigKey} adds the key's name and, unless the
 * key is secret, the value.
 */
public final class ValueType<T> {
  private final String label;
  private final Function<String, T> parser;

  private ValueType(String label, Function<String, T> parser) {
    this.label = Objects.requireNonNull(label, "label");
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  /** A type of a module's own: {@code parser} throws {@link IllegalArgumentException} with the reason. */
  public static <T> ValueType<T> of(String label, Function<String, T> parser) {
    return new ValueType<>(label, parser);
  }

  /** Any text (trimmed; blank counts as unset before it gets here). */
  public static ValueType<String> text() {
    return new ValueType<>("text", s -> s);
  }

  public static ValueType<Integer> integer(int min, int max) {
    return new ValueType<>("integer " + min + ".." + max, s -> {
      int v;
      try {
        v = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a whole number");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return v;
    });
  }

  /** {@code true} or {@code false}, any case. */
  public static ValueType<Boolean> bool() {
    return new ValueType<>("true | false", s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    });
  }

  /** An ISO-8601 duration such as {@code PT2S}; {@code positive} rejects zero as well as negative ones. */
  public static ValueType<Duration> duration(boolean positive) {
    return new ValueType<>(positive ? "ISO-8601 duration > 0" : "ISO-8601 duration", s -> {
      Duration d;
      try {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("must be an ISO-8601 duration such as PT2S");
      }
      if (d.isNegative() || (positive && d.isZero())) {
        throw new IllegalArgumentException(positive ? "must be positive" : "must not be negative");
      }
      return d;
    });
  }

  /** An absolute {@code http} or {@code https} URL with a host. */
  public static ValueType<URI> httpUrl() {
    return new ValueType<>("http(s) URL", s -> {
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("is not a URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("must be an http(s) URL with a host");
      }
      return uri;
    });
  }

  /** A path to a regular file that exists when the configuration is read. */
  public static ValueType<Path> existingFile() {
    return new ValueType<>("file", s -> {
      Path p = Path.of(s);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("names a file that does not exist");
      }
      return p;
    });
  }

  /** One of {@code choices}, compared without case; the value is the choice as declared. */
  public static ValueType<String> oneOf(List<String> choices) {
    List<String> copy = List.copyOf(choices);
    String list = copy.size() == 1 ? copy.get(0)
        : String.join(", ", copy.subList(0, copy.size() - 1)) + " or " + copy.get(copy.size() - 1);
    return new ValueType<>(String.join(" | ", copy), s -> copy.stream().filter(c -> c.equalsIgnoreCase(s))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("must be " + list)));
  }

  /** The same text turned into another type by {@code then} (which throws with its own reason). */
  public <R> ValueType<R> map(String label, Function<T, R> then) {
    return new ValueType<>(label, s -> then.apply(parser.apply(s)));
  }

  public String label() {
    return label;
  }

  T parse(String raw) {
    return parser.apply(raw);
  }
}
