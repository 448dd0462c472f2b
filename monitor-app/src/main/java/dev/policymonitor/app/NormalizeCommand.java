package dev.policymonitor.app;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.normalize.Extraction;
import dev.policymonitor.normalize.Normalizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code policy-monitor normalize FILE}: prints the canonical text the monitor would store for one snapshot file. */
@Command(name = "normalize", mixinStandardHelpOptions = true,
    description = "Print the canonical text of one snapshot file (HTML, Markdown, text or PDF).")
final class NormalizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DeclarationOptions rules;

  @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot file.")
  Path file;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException("file not found: " + file);
    }
    Instant capturedAt = SnapshotFiles.capturedAt(file).orElse(Instant.now());
    DocumentDeclaration declaration = rules.rules(null, spec.commandLine().getErr()).at(capturedAt);
    Extraction extraction = new Normalizer().extract(Files.readAllBytes(file), SnapshotFiles.contentType(file),
        null, declaration.url().isEmpty() ? file.getFileName().toString() : declaration.url(), declaration);
    PrintWriter err = spec.commandLine().getErr();
    extraction.warnings().forEach(w -> err.println("policy-monitor: warning: " + w));
    PrintWriter out = spec.commandLine().getOut();
    out.println(extraction.text());
    out.flush();
    return 0;
  }
}
