package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Selector;
import dev.policymonitor.model.VendorsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportOtaCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  @Test
  void shouldWriteAVendorsFileTheMonitorAccepts() throws IOException {
    Path ota = Files.createDirectory(dir.resolve("declarations"));
    Files.writeString(ota.resolve("Buffer.json"), "{\"name\": \"Buffer\", \"terms\": {\"Privacy Policy\": {"
        + "\"fetch\": \"https://buffer.com/legal\", \"select\": [\"[aria-labelledby=privacy-policy]\", "
        + "{\"startAfter\": \"#a\", \"endBefore\": \"#b\"}], \"filter\": [\"cleanUp\"]}}}");
    Path yaml = dir.resolve("vendors.yaml");
    assertThat(cli.run("vendors", "import-ota", ota.toString(), "--output", yaml.toString())).isZero();
    VendorsConfig config = VendorsConfig.load(yaml);
    assertThat(config.targets()).singleElement().satisfies(t -> {
      assertThat(t.key().toString()).isEqualTo("buffer/privacy-policy");
      assertThat(t.url()).isEqualTo("https://buffer.com/legal");
      assertThat(t.declaration().select()).containsExactly(Selector.css("[aria-labelledby=privacy-policy]"),
          new Selector(null, null, "#a", "#b", null));
      assertThat(t.declaration().filters()).containsExactly("cleanUp");
    });
    assertThat(cli.err()).contains("filter 'cleanUp'").contains("imported 1 vendor(s), 1 document(s)");
  }

  @Test
  void shouldExitWithUsageErrorWithoutDeclarations() {
    assertThat(cli.run("vendors", "import-ota", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("policy-monitor: no OTA declaration (<Service>.json) in " + dir + "\n");
  }
}
