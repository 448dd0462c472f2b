package dev.policymonitor.streams.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.policymonitor.model.Modification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Diffs two version texts block by block (java-diff-utils). */
public final class VersionDiffer {

  public TextDiff diff(String previous, String current) {
    List<String> before = blocks(previous);
    List<String> after = blocks(current);
    Patch<String> patch = DiffUtils.diff(before, after);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<Modification> modified = new ArrayList<>();
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      List<String> src = delta.getSource().getLines();
      List<String> dst = delta.getTarget().getLines();
      int paired = Math.min(src.size(), dst.size());
      switch (delta.getType()) {
        case INSERT -> added.addAll(dst);
        case DELETE -> removed.addAll(src);
        default -> {
          for (int i = 0; i < paired; i++) {
            modified.add(new Modification(src.get(i), dst.get(i), "[-" + src.get(i) + "-]{+" + dst.get(i) + "+}", null));
          }
          removed.addAll(src.subList(paired, src.size()));
          added.addAll(dst.subList(paired, dst.size()));
        }
      }
    }
    return new TextDiff(added, removed, modified, List.of());
  }

  static List<String> blocks(String text) {
    return Arrays.stream(text.split("\\n\\s*\\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
