package dev.policymonitor.streams.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledHistoryTest {
  @TempDir Path dir;

  private static Change change(ChangeKind kind, ChangeFlag... flags) {
    Instant at = Instant.parse("2025-01-01T00:00:00Z");
    return new Change("id", "v/privacy-policy", "v", "privacy-policy", kind, null, at, null, "T", List.of(), List.of(),
        List.of(), List.of(), null, dev.policymonitor.model.Severity.LOW, List.of(), List.of(), List.of(flags), "u",
        SnapshotSource.IMPORT, at);
  }

  @Test
  void shouldReadTheOtaDemoManifestShapeInCaptureOrder() {
    LabelledHistory buffer = LabelledHistory.read(Corpus.otaDemo("buffer"));
    assertThat(buffer.service()).isEqualTo("Buffer");
    assertThat(buffer.captures()).hasSize(10).isSortedAccordingTo(java.util.Comparator.comparing(
        LabelledHistory.Capture::capturedAt));
    assertThat(buffer.captures().get(0).expected()).isEqualTo("first-capture");
    assertThat(buffer.captures()).filteredOn(c -> c.expected().equals("noise")).hasSize(3);
    LabelledHistory korean = LabelledHistory.read(Corpus.history("languages/ko-dailymotion"));
    assertThat(korean.language()).isEqualTo("ko");
    assertThat(korean.captures().get(0).mediaType()).isEqualTo("text/markdown");
    assertThat(LabelledHistory.read(Corpus.history("detection/charset-ff-in-comment")).captures().get(1).charset())
        .isEqualTo("UTF-8");
  }

  @Test
  void shouldScoreEventsAgainstEachLabel() {
    LabelledHistory.Capture substantive = new LabelledHistory.Capture(Path.of("a.md"), Instant.EPOCH, "substantive",
        "text/markdown", List.of("undisclosed"));
    assertThat(substantive.satisfiedBy(List.of(change(ChangeKind.CHANGED, ChangeFlag.UNDISCLOSED)))).isTrue();
    assertThat(substantive.satisfiedBy(List.of(change(ChangeKind.CHANGED)))).isFalse();
    assertThat(substantive.satisfiedBy(List.of(change(ChangeKind.COSMETIC, ChangeFlag.UNDISCLOSED)))).isFalse();
    LabelledHistory.Capture cosmetic = new LabelledHistory.Capture(Path.of("b.md"), Instant.EPOCH, "cosmetic",
        "text/markdown", null);
    assertThat(cosmetic.satisfiedBy(List.of())).isTrue();
    assertThat(cosmetic.satisfiedBy(List.of(change(ChangeKind.COSMETIC)))).isTrue();
    assertThat(cosmetic.satisfiedBy(List.of(change(ChangeKind.EXTRACTION_FAILED)))).isFalse();
    LabelledHistory.Capture noise = new LabelledHistory.Capture(Path.of("c.md"), Instant.EPOCH, "noise",
        "text/markdown", null);
    assertThat(noise.satisfiedBy(List.of(change(ChangeKind.COSMETIC)))).isFalse();
  }

  @Test
  void shouldCountAFailureThatALaterMajorRewriteOfTheSameCaptureResolvedAsProvisional() {
    LabelledHistory.Capture halved = new LabelledHistory.Capture(Path.of("h.md"), Instant.EPOCH, "substantive",
        "text/markdown", List.of("major-rewrite"));
    Change failed = change(ChangeKind.EXTRACTION_FAILED);
    Change rewrite = change(ChangeKind.CHANGED, ChangeFlag.MAJOR_REWRITE);

    assertThat(halved.satisfiedBy(List.of(failed, rewrite))).isTrue();
    assertThat(halved.satisfiedBy(List.of(failed))).isFalse();
    assertThat(halved.satisfiedBy(List.of(rewrite, failed))).isFalse();
    assertThat(LabelledHistory.resolved(List.of(failed, change(ChangeKind.CHANGED)))).hasSize(2);
  }

  @Test
  void shouldRejectAMissingOrBadManifestClearly() throws IOException {
    assertThatThrownBy(() -> LabelledHistory.read(dir)).isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("no manifest.json in");
    Files.writeString(dir.resolve("manifest.json"), "{\"versions\": [{\"kind\": \"first\"}]}");
    assertThatThrownBy(() -> LabelledHistory.read(dir)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("an entry without snapshot_file");
  }
}
