package dev.policymonitor.web.http;

import java.util.Locale;

/** What a user may do, each role including the ones before it: read, then change vendors and reviews, then administer. */
public enum Role {
  /** Reads documents, changes, versions and feeds. */
  VIEWER,
  /** Also changes what is tracked and reviews changes (the team workspace's writes). */
  EDITOR,
  /** Also manages other users' access. */
  ADMIN;

  public boolean atLeast(Role required) {
    return compareTo(required) >= 0;
  }

  /** The name in files, settings and JSON: {@code viewer}, {@code editor}, {@code admin}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the three roles */
  public static Role fromWire(String text) {
    for (Role r : values()) {
      if (r.wire().equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("a role is viewer, editor or admin, not '" + text + "'");
  }
}
