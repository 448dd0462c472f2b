package dev.policymonitor.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies one tracked document of one vendor; its wire form is {@code <vendor>/<document>}. */
public record PolicyKey(String vendor, String document) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public PolicyKey {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(document, "document");
    if (!ID.matcher(vendor).matches()) {
      throw new IllegalArgumentException("vendor id must be lower-case letters, digits, '.', '_' or '-': " + vendor);
    }
    if (!ID.matcher(document).matches()) {
      throw new IllegalArgumentException("document type must be lower-case letters, digits, '.', '_' or '-': " + document);
    }
  }

  /** True when {@code id} is a valid vendor id or document type: lower-case letters, digits, '.', '_' or '-'. */
  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Parses the wire form {@code vendor/document}. */
  public static PolicyKey parse(String wire) {
    Objects.requireNonNull(wire, "key");
    int slash = wire.indexOf('/');
    if (slash <= 0 || slash != wire.lastIndexOf('/') || slash == wire.length() - 1) {
      throw new IllegalArgumentException("key must look like <vendor>/<document>: " + wire);
    }
    return new PolicyKey(wire.substring(0, slash), wire.substring(slash + 1));
  }

  @Override
  public String toString() {
    return vendor + "/" + document;
  }
}
