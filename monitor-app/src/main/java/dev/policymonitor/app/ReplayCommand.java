package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.declarations.OtaDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policy-monitor replay DIR}: feeds a folder of captures through the production topology (on a throw-away
 * in-process broker, see {@link LocalTopology}) in capture order and prints each change event as one JSON line;
 * the throughput goes to stderr.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay the captures in DIR (files named <YYYYMMDDTHHMMSSZ>.<ext>, UTC) through the topology "
        + "and print each change event as one JSON line (throughput on stderr). Runs offline: the topology "
        + "runs on a temporary in-process broker.")
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--vendor", required = true, paramLabel = "ID", description = "Vendor id of the captures.")
  String vendor;

  @Spec CommandSpec spec;
  @Mixin DeclarationOptions rules;

  @Parameters(index = "0", paramLabel = "DIR", description = "Folder of captures.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidConfigException("not a directory: " + dir);
    }
    OtaDocument document = rules.rules(vendor, spec.commandLine().getErr());
    PolicyKey key;
    try {
      key = new PolicyKey(vendor, document.current().type());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    // The document's rules (and their history) reach the topology as they do in production: as its target. Without
    // a declaration file the captures' URL is the folder's.
    String folder = dir.toAbsolutePath().toUri().toString();
    Target target = document.toTarget(vendor, null);
    if (target.url().isEmpty()) {
      DocumentDeclaration d = target.declaration();
      target = new Target(vendor, null, new DocumentDeclaration(d.type(), folder, d.select(), d.remove(), d.filters(),
          d.render(), d.pollInterval()), VendorsConfig.DEFAULT_POLL_INTERVAL);
    }
    List<Path> captures;
    try (Stream<Path> files = Files.list(dir)) {
      captures = files.filter(Files::isRegularFile).filter(f -> SnapshotFiles.capturedAt(f).isPresent())
          .sorted(Comparator.comparing((Path f) -> SnapshotFiles.capturedAt(f).orElseThrow())
              .thenComparing(Path::toString))
          .toList();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    try (LocalTopology topology = LocalTopology.start(List.of(target), DetectionSettings.defaults())) {
      long ready = System.nanoTime();
      for (Path file : captures) {
        Instant at = SnapshotFiles.capturedAt(file).orElseThrow();
        String url = document.at(at).url().isEmpty() ? folder : document.at(at).url();
        topology.send(new Snapshot(key.vendor(), key.document(), url, SnapshotSource.IMPORT, at, at, 200,
            SnapshotFiles.contentType(file), null, null, Files.readAllBytes(file)));
      }
      ProgressLine progress = new ProgressLine(err, "replay", "snapshots", captures.size());
      topology.awaitProcessed(progress::report);
      double seconds = (System.nanoTime() - ready) / 1e9;
      for (Change change : topology.changes()) {
        out.println(Json.mapper().writeValueAsString(change));
      }
      out.flush();
      err.printf(Locale.ROOT, "replay: %d snapshots in %.2f s (%.1f snapshots/s), after %.1f s to start the "
          + "topology%n", captures.size(), seconds, captures.size() / seconds, (ready - started) / 1e9);
      err.flush();
    }
    return 0;
  }
}
