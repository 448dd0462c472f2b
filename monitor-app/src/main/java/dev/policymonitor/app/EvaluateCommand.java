package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.declarations.OtaDeclarationReader;
import dev.policymonitor.streams.declarations.OtaDocument;
import dev.policymonitor.streams.declarations.OtaService;
import dev.policymonitor.streams.evaluate.Evaluation;
import dev.policymonitor.streams.evaluate.LabelledHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor evaluate DIR}: replays labelled histories (folders of captures with a {@code manifest.json}
 * in the shape of the OTA demo corpus, see {@link LabelledHistory}) through the production topology, each as one
 * document (read with its service's Open Terms Archive declaration when one is given, else with generic
 * extraction), on a throw-away in-process broker ({@link LocalTopology}), and prints
 * recall, false alerts and every disagreement ({@link Evaluation}). Exit code 1 when a capture disagrees with its
 * label, unless {@code --report-only}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Replay labelled histories in DIR (a folder with a manifest.json, or folders of them at any "
        + "depth) through the topology, and print recall, false alerts and every capture whose events disagree "
        + "with its label. Exit code 1 on a disagreement (0 with --report-only). Runs offline: the topology runs "
        + "on a temporary in-process broker.")
final class EvaluateCommand implements Callable<Integer> {
  /** Exit code when a capture's events disagree with its label. */
  static final int DISAGREEMENT = 1;

  @Spec CommandSpec spec;

  @Option(names = "--report-only", description = "Exit 0 even when captures disagree with their labels.")
  boolean reportOnly;

  @Option(names = "--declarations", paramLabel = "OTA_DIR",
      description = "Open Terms Archive declarations (<Service>.json, <Service>.history.json): a history whose "
          + "manifest names one of these services is read with its URL and rules, as 'vendors import-ota' tracks "
          + "it; the others with generic extraction. Default: the nearest folder named 'declarations' beside a "
          + "history or above it, up to DIR.")
  Path declarations;

  @Option(names = "--generic", description = "Read every history with generic extraction (no selectors), keeping "
      + "only the URL of a declaration.")
  boolean generic;

  @Parameters(index = "0", paramLabel = "DIR", description = "A labelled history, or a folder of them.")
  Path dir;

  private final Map<Path, Map<String, OtaService>> servicesByFolder = new java.util.HashMap<>();

  @Override
  public Integer call() throws IOException {
    Map<String, LabelledHistory> histories = LabelledHistory.all(dir);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Tracked> tracked = new LinkedHashMap<>();
    int captures = 0;
    for (Map.Entry<String, LabelledHistory> h : histories.entrySet()) {
      String id = vendorId(h.getKey(), tracked.size());
      boolean taken = tracked.values().stream().anyMatch(t -> t.target().vendor().equals(id));
      tracked.put(h.getKey(), track(taken ? id + "-" + tracked.size() : id, h.getValue(), serviceOf(h.getValue())));
      captures += h.getValue().captures().size();
    }
    long declared = tracked.values().stream().filter(t -> t.document() != null).count();
    err.printf(Locale.ROOT, "evaluate: %d labelled %s, %d captures in %s; %d read with an Open Terms Archive "
        + "declaration%s, the others with generic extraction%n", histories.size(),
        histories.size() == 1 ? "history" : "histories", captures, dir, declared, generic ? "'s URL" : "");
    err.flush();
    List<Change> changes;
    try (LocalTopology topology = LocalTopology.start(tracked.values().stream().map(Tracked::target).toList(),
        DetectionSettings.defaults())) {
      for (Map.Entry<String, LabelledHistory> h : histories.entrySet()) {
        Tracked t = tracked.get(h.getKey());
        PolicyKey key = t.target().key();
        for (LabelledHistory.Capture c : h.getValue().captures()) {
          topology.send(new Snapshot(key.vendor(), key.document(), t.urlAt(c.capturedAt()), SnapshotSource.IMPORT,
              c.capturedAt(), c.capturedAt(), 200, c.mediaType(), c.charset(), null, Files.readAllBytes(c.file())));
        }
      }
      ProgressLine progress = new ProgressLine(err, "evaluate", "captures", captures);
      topology.awaitProcessed(progress::report);
      changes = topology.changes();
    }
    List<Evaluation.History> scored = new ArrayList<>();
    for (Map.Entry<String, LabelledHistory> h : histories.entrySet()) {
      Tracked t = tracked.get(h.getKey());
      String key = t.target().key().toString();
      scored.add(Evaluation.score(h.getKey(), t.rules(), h.getValue(), changes.stream()
          .filter(c -> c.key().equals(key)).toList()));
    }
    Evaluation evaluation = new Evaluation(scored);
    evaluation.print(out);
    return evaluation.disagreements() > 0 && !reportOnly ? DISAGREEMENT : 0;
  }

  /** A vendor id from a history's path ({@code languages/fr-cityscoot} -> {@code languages-fr-cityscoot}). */
  static String vendorId(String name, int index) {
    String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
    return id.isEmpty() ? "history-" + index : id;
  }

  /**
   * How one history is tracked: with its service's declaration (URL and rules, and their history), or, without
   * one, by generic extraction with the captures' folder as URL (links in the pages resolve against it).
   */
  private Tracked track(String vendor, LabelledHistory h, OtaService service) {
    OtaDocument document = service == null ? null : service.documents().get("privacy-policy");
    if (document == null && service != null && service.documents().size() == 1) {
      document = service.documents().values().iterator().next();
    }
    if (document == null) {
      String folder = h.dir().toAbsolutePath().normalize().toUri().toString();
      return new Tracked(new Target(vendor, h.service(), DocumentDeclaration.of("privacy-policy", folder),
          VendorsConfig.DEFAULT_POLL_INTERVAL), null, "generic");
    }
    if (generic) {
      return new Tracked(new Target(vendor, h.service(), DocumentDeclaration.of("privacy-policy",
          document.current().url()), VendorsConfig.DEFAULT_POLL_INTERVAL), document, "generic (OTA URL)");
    }
    Target t = document.toTarget(vendor, h.service());
    DocumentDeclaration d = t.declaration();
    // Our document type, whatever the service calls it.
    Target typed = new Target(vendor, h.service(), new DocumentDeclaration("privacy-policy", d.url(), d.select(),
        d.remove(), d.filters(), d.render(), d.pollInterval()), t.pollInterval(), t.history(), null);
    return new Tracked(typed, document, "OTA selectors");
  }

  /**
   * The Open Terms Archive service a history's manifest names, from {@code --declarations} or else from the nearest
   * folder named {@code declarations} in the history's folder or above it, up to {@code DIR} (its parent when
   * {@code DIR} is one history); null when none declares it.
   */
  private OtaService serviceOf(LabelledHistory h) {
    String name = h.service().toLowerCase(Locale.ROOT);
    if (declarations != null) {
      return services(declarations, true).get(name);
    }
    Path top = dir.toAbsolutePath().normalize();
    if (Files.isRegularFile(top.resolve("manifest.json")) && top.getParent() != null) {
      top = top.getParent();
    }
    for (Path d = h.dir().toAbsolutePath().normalize(); d != null && d.startsWith(top); d = d.getParent()) {
      Map<String, OtaService> found = services(d.resolve("declarations"), false);
      if (!found.isEmpty()) {
        return found.get(name);
      }
    }
    return null;
  }

  /** The services declared in {@code folder} by lower-case name; a folder given by the user must hold some. */
  private Map<String, OtaService> services(Path folder, boolean required) {
    return servicesByFolder.computeIfAbsent(folder, f -> {
      if (!required && !hasDeclarations(f)) {
        return Map.of();
      }
      Map<String, OtaService> byName = new LinkedHashMap<>();
      for (OtaService s : new OtaDeclarationReader().readDirectory(f)) {
        byName.put(s.name().toLowerCase(Locale.ROOT), s);
      }
      return byName;
    });
  }

  private static boolean hasDeclarations(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
    } catch (IOException e) {
      throw new InvalidConfigException("cannot list " + folder + ": " + e.getMessage());
    }
  }

  /** A history's target, its declaration (null for generic extraction), and its rules in a word. */
  private record Tracked(Target target, OtaDocument document, String rules) {
    /** The URL of a capture made at {@code at}: the declaration's then, else the target's. */
    String urlAt(java.time.Instant at) {
      return document == null ? target.url() : document.at(at).url();
    }
  }
}
