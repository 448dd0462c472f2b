package dev.policymonitor.streams.normalize;

import dev.policymonitor.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScratchDumpTest {
  @Test
  void dump() throws Exception {
    OtaCorpusTest.readDeclarations();
    for (String service : OtaCorpusTest.SERVICES) {
      Path out = Path.of("/tmp/dump", service);
      Files.createDirectories(out.resolve("noise"));
      try (Stream<Path> files = Stream.concat(Files.list(Corpus.otaDemo(service)), Files.list(Corpus.otaDemo(service).resolve("noise")))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
          String rel = Corpus.otaDemo(service).relativize(f).toString();
          for (boolean sel : new boolean[] {true, false}) {
            String text;
            try {
              text = OtaCorpusTest.extract(service, f, sel);
            } catch (RuntimeException e) {
              text = "ERROR " + e;
            }
            Files.writeString(out.resolve(rel + (sel ? ".sel.md" : ".gen.md")), text);
          }
        }
      }
    }
  }
}
