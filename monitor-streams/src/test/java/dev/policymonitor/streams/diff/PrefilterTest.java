package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.streams.classify.ClassificationRules;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PrefilterTest {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static Prefilter of(String regex) {
    return Prefilter.of(Pattern.compile(regex, FLAGS));
  }

  @Test
  void shouldRequireAllMandatoryPartsAndOneBranchOfEachAlternation() {
    assertThat(of("\\b(we|us|our)\\b.{0,60}\\b(collect|gather)\\w*\\b"))
        .hasToString("all(any(we, us, our), any(collect, gather))");
    assertThat(of("\\bthird[- ]?part(y|ies)\\b")).hasToString("all(third, part, any(y, ies))");
    assertThat(of("cookies?")).hasToString("cookie");
    assertThat(of("make .{0,20}available")).hasToString("all(make , available)");
    assertThat(of("Recht auf (Auskunft|L[öo]schung)")).hasToString("all(recht auf , any(auskunft, all(l, schung)))");
    assertThat(of("最終(?:改定|更新)日|施行日")).hasToString("any(all(最終, any(改定, 更新), 日), 施行日)");
    assertThat(of("data\\s+(?:de\\s+vig[êe]ncia|efetiva)")).hasToString("all(data, any(all(de, vig, ncia), efetiva))");
  }

  @Test
  void shouldRequireNothingFromOptionalPartsLookAroundsOrUnknownSyntax() {
    assertThat(of("(?<![\\p{IsLatin}])(?:a|b)?\\d+").selective()).isFalse();
    assertThat(of("(foo|)bar?")).hasToString("ba");
    assertThat(of("(?i)secret").selective()).isFalse();
    assertThat(of("(a)\\1").selective()).isFalse();
    assertThat(of("\\Qa.b\\E").selective()).isFalse();
    assertThat(of("[a[b]]c").selective()).isFalse();
    assertThat(Prefilter.of(Pattern.compile("a b", Pattern.COMMENTS)).selective()).isFalse();
  }

  @Test
  void shouldLetThroughEveryCharacterThatCaseInsensitiveMatchingEquates() {
    // Long s, dotted capital I, Kelvin sign, dotless i: each matches an ASCII letter under UNICODE_CASE.
    for (String[] c : new String[][] {{"\\bsecurity\\b", "ſecurity"}, {"information", "İNFORMATION"},
        {"\\bkeep\\b", "\u212Aeep"}, {"\\bdisclose\\b", "DıSCLOSE"}, {"Löschung", "LÖSCHUNG"}}) {
      Pattern p = Pattern.compile(c[0], FLAGS);
      assertThat(p.matcher(c[1]).find()).as(c[0]).isTrue();
      assertThat(Prefilter.of(p).mayMatch(Prefilter.fold(c[1]))).as(c[1]).isTrue();
    }
    assertThat(of("\\bsecurity\\b").mayMatch(Prefilter.fold("We keep your data safe."))).isFalse();
  }

  @Test
  void shouldFoldEveryCharacterAsUpperThenLowerCaseDoes() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      assertThat(Prefilter.fold(String.valueOf(c)).charAt(0)).isEqualTo(Character.toLowerCase(Character.toUpperCase(c)));
    }
  }

  /** The guarantee, on every bundled classification pattern, the stated-date patterns and every block of the corpus. */
  @Test
  void shouldNeverRejectABlockThatTheBundledPatternsMatch() throws IOException {
    List<Pattern> patterns = new ArrayList<>();
    ClassificationRules rules = ClassificationRules.bundled();
    rules.categories().forEach(c -> c.patterns().forEach(p -> patterns.add(Pattern.compile(p, FLAGS))));
    rules.rules().forEach(r -> patterns.add(Pattern.compile(r.pattern(), FLAGS)));
    patterns.addAll(Dates.masked());
    List<String> blocks = new ArrayList<>();
    SentenceSegmenter segmenter = new SentenceSegmenter();
    for (String group : List.of("languages", "detection", "seeds")) {
      try (Stream<Path> files = Files.walk(Corpus.root().resolve(group))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".md")).toList()) {
          segmenter.blocks(Files.readString(f)).forEach(b -> blocks.add(b.text()));
        }
      }
    }
    int rejected = 0;
    int selective = 0;
    for (Pattern p : patterns) {
      Prefilter filter = Prefilter.of(p);
      selective += filter.selective() ? 1 : 0;
      for (String block : blocks) {
        if (!filter.mayMatch(Prefilter.fold(block))) {
          rejected++;
          assertThat(p.matcher(block).find()).as(p + " on " + block).isFalse();
        }
      }
    }
    assertThat(selective).as("patterns with required words").isGreaterThan(patterns.size() * 9 / 10);
    assertThat(rejected).as("blocks skipped").isGreaterThan(patterns.size() * blocks.size() / 2);
  }
}
