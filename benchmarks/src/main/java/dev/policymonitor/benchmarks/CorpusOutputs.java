package dev.policymonitor.benchmarks;

import dev.policymonitor.model.Digests;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.diff.Cosmetic;
import dev.policymonitor.streams.diff.Dates;
import dev.policymonitor.streams.diff.SentenceSegmenter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The differential check of optimizations that must not change any output: prints, for every capture of the test
 * corpus, digests of its normalized text, of its sentences, of its cosmetic canonical form and its stated date.
 * Run it before and after a change and compare the two outputs ({@code diff}); any line that differs names the
 * capture and the stage whose output moved.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' dev.policymonitor.benchmarks.CorpusOutputs</pre>
 */
public final class CorpusOutputs {
  private CorpusOutputs() {}

  public static void main(String[] args) throws IOException {
    Path root = Inputs.Corpus.root();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Normalizer normalizer = new Normalizer();
    SentenceSegmenter segmenter = new SentenceSegmenter();
    List<Path> files;
    try (Stream<Path> all = Files.walk(root)) {
      files = all.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(html|md|txt|pdf)$"))
          .filter(f -> !f.getFileName().toString().matches("(README|ATTRIBUTION)\\.md")).sorted().toList();
    }
    for (Path f : files) {
      String name = root.relativize(f).toString();
      String url = "https://example.com/" + f.getFileName();
      String text;
      try {
        text = normalizer.extract(Files.readAllBytes(f), null, null, url, DocumentDeclaration.of("privacy-policy", url))
            .text();
      } catch (RuntimeException e) {
        out.println(name + " error " + e.getMessage());
        continue;
      }
      StringBuilder sentences = new StringBuilder();
      for (SentenceSegmenter.Block b : segmenter.blocks(text)) {
        sentences.append(b.heading() ? "H " : "B ").append(b.title()).append('\n');
        segmenter.sentences(b).forEach(s -> sentences.append(s).append('\n'));
      }
      out.println(name + " text=" + Digests.sha1Base32(text) + " sentences=" + Digests.sha1Base32(sentences.toString())
          + " cosmetic=" + Digests.sha1Base32(Cosmetic.canonical(text)) + " stated=" + Dates.stated(text).orElse("-"));
    }
  }
}
