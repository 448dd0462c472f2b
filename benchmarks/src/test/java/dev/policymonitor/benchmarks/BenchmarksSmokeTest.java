package dev.policymonitor.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Modification;
import dev.policymonitor.streams.Outcome;
import dev.policymonitor.streams.VersionResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each benchmark's setup and body run once on its inputs and do the work they are named for (no timing here). */
class BenchmarksSmokeTest {
  @Test
  void shouldNormalizeEveryInputKind() {
    NormalizeBenchmark b = new NormalizeBenchmark();
    for (String kind : new String[] {"html-generic-18k", "html-generic-50k", "html-generic-280k",
        "html-selectors-280k", "markdown-22k", "text-36k", "pdf"}) {
      b.kind = kind;
      b.setUp();
      assertThat(b.normalize()).as(kind).hasSizeGreaterThan(1000);
      // generic HTML pages have a markup digest; declared selectors that do not mention scripts keep it too
      assertThat(b.markupDigest().isPresent()).as(kind).isEqualTo(kind.startsWith("html"));
    }
  }

  @Test
  void shouldDetectNothingForNoiseAndAChangeForAnEdit() {
    DetectBenchmark b = new DetectBenchmark();
    b.capture = "noise";
    b.setUp();
    // the noise (a new script URL) is known by the page's markup digest, before any extraction
    assertThat(b.detect().outcome()).isInstanceOfSatisfying(Outcome.Nothing.class, n -> {
      assertThat(n.why()).contains("markup");
      assertThat(n.result()).isEqualTo(VersionResult.UNCHANGED);
    });
    b = new DetectBenchmark();
    b.capture = "edit";
    b.setUp();
    assertThat(b.detect().outcome()).isInstanceOf(Outcome.Changed.class);
    Change change = b.detect().changes().get(0);
    assertThat(Stream.concat(change.added().stream(), change.modified().stream().map(Modification::after)))
        .anyMatch(s -> s.contains("We may keep your data for 100 more days."));
  }

  @Test
  void shouldDiffEachPairIntoSomeChangedSentences() {
    for (String edit : new String[] {"small-edit", "large-rewrite", "unrelated"}) {
      DiffBenchmark b = new DiffBenchmark();
      b.edit = edit;
      b.setUp();
      assertThat(b.diff().isEmpty()).as(edit).isFalse();
      assertThat(b.cosmetic()).as(edit).isFalse();
    }
  }

  @Test
  void shouldRoundTripTheRecordsUnchanged() {
    SerdeBenchmark b = new SerdeBenchmark();
    b.setUp();
    assertThat(b.snapshot()).isNotNull();
    assertThat(b.version().text()).isNotEmpty();
    assertThat(b.change().changeId()).isNotEmpty();
  }

  @Test
  void shouldSegmentIntoSentences() {
    SegmentBenchmark b = new SegmentBenchmark();
    b.text = "ota-45k";
    b.setUp();
    assertThat(b.segment()).isGreaterThan(100);
  }
}
