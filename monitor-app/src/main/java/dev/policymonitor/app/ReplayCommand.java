package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.streams.declarations.OtaDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policy-monitor replay DIR}: feeds a folder of captures through the production topology (in a
 * {@link TopologyTestDriver}, no broker) in capture order and prints each change event as one JSON line.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay the captures in DIR (files named <YYYYMMDDTHHMMSSZ>.<ext>, UTC) through the topology "
        + "and print each change event as one JSON line.")
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
    Path stateDir = Files.createTempDirectory("policy-monitor-replay");
    try (TopologyTestDriver driver = new TopologyTestDriver(PolicyTopology.build(Clock.systemUTC()),
        props(stateDir))) {
      driver.createInputTopic(Topics.TARGETS.name(), Topics.TARGETS.keySerde().serializer(),
          Topics.TARGETS.valueSerde().serializer()).pipeInput(key.toString(), target);
      TestInputTopic<String, Snapshot> in = driver.createInputTopic(Topics.SNAPSHOTS.name(),
          Topics.SNAPSHOTS.keySerde().serializer(), Topics.SNAPSHOTS.valueSerde().serializer());
      TestOutputTopic<String, Change> changes = driver.createOutputTopic(Topics.CHANGES.name(),
          Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer());
      for (Path file : captures) {
        Instant at = SnapshotFiles.capturedAt(file).orElseThrow();
        String url = document.at(at).url().isEmpty() ? folder : document.at(at).url();
        Snapshot snapshot = new Snapshot(key.vendor(), key.document(), url, SnapshotSource.IMPORT, at, at, 200,
            SnapshotFiles.contentType(file), null, null, Files.readAllBytes(file));
        in.pipeInput(key.toString(), snapshot, at);
        for (Change change : changes.readValuesToList()) {
          out.println(Json.mapper().writeValueAsString(change));
        }
      }
    } finally {
      deleteRecursively(stateDir);
    }
    out.flush();
    return 0;
  }

  /** Streams settings of a broker-less run of the production topology in {@code stateDir}. */
  static Properties props(Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "policy-monitor-replay");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }

  static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
