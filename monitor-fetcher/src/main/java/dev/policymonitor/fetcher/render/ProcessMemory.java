package dev.policymonitor.fetcher.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Memory of a process tree as Linux reports it in /proc; 0 where /proc is not there. */
final class ProcessMemory {
  private ProcessMemory() {}

  /** Sum of VmRSS of {@code root} and its descendants, in bytes. */
  static long rssBytes(ProcessHandle root) {
    return sum(root, "status", "VmRSS:");
  }

  /** Sum of Pss (proportional set size: shared pages divided among their users) of the tree, in bytes. */
  static long pssBytes(ProcessHandle root) {
    return sum(root, "smaps_rollup", "Pss:");
  }

  private static long sum(ProcessHandle root, String file, String field) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    root.descendants().forEach(all::add);
    long kb = 0;
    for (ProcessHandle p : all) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), file))) {
          if (line.startsWith(field)) {
            kb += Long.parseLong(line.substring(field.length()).replaceAll("\\D", ""));
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process ended meanwhile, or no /proc: it counts for nothing
      }
    }
    return kb * 1024;
  }
}
