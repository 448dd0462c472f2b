package dev.policymonitor.web;

import java.util.List;

/** One page of a longer list: {@code items} are entries {@code page*size ..} of {@code total}. */
public record Page<T>(List<T> items, int page, int size, long total) {
  public Page {
    items = List.copyOf(items);
  }

  /** Cuts page {@code page} of {@code size} out of the whole list. */
  public static <T> Page<T> of(List<T> all, int page, int size) {
    int from = (int) Math.min((long) page * size, all.size());
    int to = Math.min(from + size, all.size());
    return new Page<>(all.subList(from, to), page, size, all.size());
  }
}
