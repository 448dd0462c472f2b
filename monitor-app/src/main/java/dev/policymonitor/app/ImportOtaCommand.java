package dev.policymonitor.app;

import dev.policymonitor.model.Json;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.declarations.OtaDeclarationReader;
import dev.policymonitor.streams.declarations.OtaService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor vendors import-ota DIR}: turns Open Terms Archive declarations into a vendors file. Each
 * document keeps its current rules; history files (older rules) are used by {@code replay --declaration}, since a
 * vendors file has no place for them, and the command says so.
 */
@Command(name = "import-ota", mixinStandardHelpOptions = true,
    description = "Write a vendors YAML file from the Open Terms Archive declarations (<Service>.json) in DIR.")
final class ImportOtaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Folder of OTA declarations.")
  Path dir;

  @Option(names = "--output", paramLabel = "FILE", description = "Where to write the YAML (default: stdout).")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<OtaService> services = new OtaDeclarationReader().readDirectory(dir);
    List<VendorConfig> vendors = new ArrayList<>();
    int documents = 0;
    for (OtaService s : services) {
      s.warnings().forEach(w -> err.println("policy-monitor: warning: " + w));
      s.documents().forEach((type, d) -> {
        if (!d.history().isEmpty()) {
          err.println("policy-monitor: warning: " + s.id() + "/" + type + ": " + d.history().size()
              + " older rule set(s) in the history file are not kept in the vendors file");
        }
      });
      vendors.add(s.toVendorConfig());
      documents += s.documents().size();
    }
    byte[] yaml = ("# Imported from Open Terms Archive declarations in " + dir + "\n"
        + Json.yaml().writeValueAsString(new VendorsConfig(null, vendors))).getBytes(StandardCharsets.UTF_8);
    // The file we write must be one the monitor accepts.
    // Checked as a vendors file is, but for addresses: the fetcher that loads the file judges those.
    VendorsConfig.parse(new ByteArrayInputStream(yaml), output == null ? "imported vendors" : output.toString(), true);
    if (output == null) {
      spec.commandLine().getOut().print(new String(yaml, StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
    } else {
      Files.write(output, yaml);
    }
    err.println("policy-monitor: imported " + services.size() + " vendor(s), " + documents + " document(s)"
        + (output == null ? "" : " into " + output));
    return 0;
  }
}
