package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a snapshot is the DOM of a page rendered in a headless browser rather than the bytes of a plain HTTP fetch:
 * its declaration says {@code render: browser} ({@code declared}), or the fetcher found that the plain page is a
 * JavaScript shell and renders the document from then on ({@code fallback}).
 */
public enum Rendering {
  DECLARED, FALLBACK;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Rendering fromWire(String wire) {
    return valueOf(wire.trim().toUpperCase(Locale.ROOT));
  }
}
