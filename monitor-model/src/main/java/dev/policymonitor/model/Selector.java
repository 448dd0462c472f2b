package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.select.QueryParser;

/**
 * A part of a page to select or remove: a CSS selector, or an Open Terms Archive range
 * ({@code startBefore|startAfter} and {@code endBefore|endAfter}, each a CSS selector).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Selector(String css, String startBefore, String startAfter, String endBefore, String endAfter) {

  public Selector {
    boolean range = startBefore != null || startAfter != null || endBefore != null || endAfter != null;
    if (css != null && range) {
      throw new IllegalArgumentException("a selector is either CSS or a range, not both");
    }
    if (css == null && !range) {
      throw new IllegalArgumentException("a selector needs CSS or a range");
    }
    if (range && (startBefore == null) == (startAfter == null)) {
      throw new IllegalArgumentException("a range needs exactly one of startBefore, startAfter");
    }
    if (range && (endBefore == null) == (endAfter == null)) {
      throw new IllegalArgumentException("a range needs exactly one of endBefore, endAfter");
    }
  }

  public static Selector css(String css) {
    return new Selector(css, null, null, null, null);
  }

  public boolean isRange() {
    return css == null;
  }

  /**
   * Checks every CSS selector of this one with jsoup's parser, the one extraction uses, so a typo fails when the
   * rules are read rather than as an extraction failure on every capture.
   *
   * @throws IllegalArgumentException naming the selector and what jsoup found wrong
   */
  public void validate() {
    for (String s : new String[] {css, startBefore, startAfter, endBefore, endAfter}) {
      if (s != null) {
        requireValidCss(s);
      }
    }
  }

  /** @throws IllegalArgumentException when jsoup cannot parse {@code css}, with jsoup's reason */
  public static String requireValidCss(String css) {
    if (css.isBlank()) {
      throw new IllegalArgumentException("a CSS selector cannot be empty");
    }
    try {
      QueryParser.parse(css);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid CSS selector: '" + css + "' (" + e.getMessage() + ")");
    }
    return css;
  }

  /** Reads the OTA forms: a string, or an object with the range keys. */
  @JsonCreator
  public static Selector fromJson(JsonNode node) {
    if (node.isTextual()) {
      return css(node.asText());
    }
    if (node.isObject()) {
      return new Selector(null, text(node, "startBefore"), text(node, "startAfter"),
          text(node, "endBefore"), text(node, "endAfter"));
    }
    throw new IllegalArgumentException("a selector is a CSS string or a range object, not " + node);
  }

  @JsonValue
  public JsonNode toJson() {
    if (css != null) {
      return JsonNodeFactory.instance.textNode(css);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (startBefore != null) o.put("startBefore", startBefore);
    if (startAfter != null) o.put("startAfter", startAfter);
    if (endBefore != null) o.put("endBefore", endBefore);
    if (endAfter != null) o.put("endAfter", endAfter);
    return o;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
