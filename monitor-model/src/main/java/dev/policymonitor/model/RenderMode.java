package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * How a document's page is fetched, the {@code render} setting of a declaration: {@code browser} renders it in a
 * headless browser (its text is written by scripts), {@code static} never does (not even as the automatic
 * fallback). No setting: a plain HTTP fetch, rendered automatically when it turns out to be a JavaScript shell.
 */
public enum RenderMode {
  BROWSER, STATIC;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code browser} or {@code static}; anything else is an {@link IllegalArgumentException} that names them. */
  public static RenderMode fromWire(String wire) {
    String w = wire == null ? "" : wire.trim().toLowerCase(Locale.ROOT);
    for (RenderMode m : values()) {
      if (m.wire().equals(w)) {
        return m;
      }
    }
    throw new IllegalArgumentException("render must be browser or static, not '" + wire + "'");
  }

  /**
   * Reads {@code render: browser|static}, and Open Terms Archive's {@code executeClientScripts: true|false} (an
   * alias of the same field): {@code true} is {@code browser}, {@code false} is no setting.
   */
  @JsonCreator
  public static RenderMode fromJson(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? BROWSER : null;
    }
    if (node.isTextual()) {
      return fromWire(node.textValue());
    }
    throw new IllegalArgumentException("render must be browser or static, not " + node);
  }
}
