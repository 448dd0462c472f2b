package dev.policymonitor.web;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.web.http.RequestParams;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code kinds} parameter of lists of changes: comma-separated wire names, or {@code all}. */
public final class KindsParam {
  private KindsParam() {}

  /** The kinds asked for, {@code defaults} when none are. */
  public static Set<ChangeKind> read(RequestParams params, Set<ChangeKind> defaults) {
    if ("all".equals(params.get("kinds"))) {
      return EnumSet.allOf(ChangeKind.class);
    }
    return EnumSet.copyOf(params.list("kinds", KindsParam::kind, List.copyOf(defaults)));
  }

  /** A change kind by its wire name; an unknown one is an {@link IllegalArgumentException} listing them all. */
  public static ChangeKind kind(String wire) {
    for (ChangeKind k : ChangeKind.values()) {
      if (k.wire().equals(wire)) {
        return k;
      }
    }
    String shown = wire.replaceAll("\\p{Cntrl}", "?");
    throw new IllegalArgumentException("unknown change kind '" + (shown.length() > 40 ? shown.substring(0, 40) + "..."
        : shown) + "': one of " + Arrays.stream(ChangeKind.values()).map(ChangeKind::wire)
        .collect(Collectors.joining(", ")));
  }
}
