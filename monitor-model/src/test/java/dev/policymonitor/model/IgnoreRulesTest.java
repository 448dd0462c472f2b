package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoreRulesTest {
  private static final IgnoreRules ROTATING = new IgnoreRules(List.of(IgnoreRule.text("last reviewed by"),
      IgnoreRule.regex("Visited [0-9,]+ times")));

  @Test
  void shouldSilenceAChangeWhoseEverySentenceMatchesARule() {
    var silenced = ROTATING.silencing(List.of(), List.of(), List.of(
        new Modification("Last reviewed by Alice.", "Last reviewed by Bob.", null, null),
        new Modification("Visited 1,234 times.", "Visited 1,240 times.", null, null)), List.of());

    assertThat(silenced).get().satisfies(s -> {
      assertThat(s.rules()).containsExactlyElementsOf(ROTATING.rules());
      assertThat(s.sentences()).isEqualTo(4);
      assertThat(s.reason()).startsWith("ignored: ").contains("\"last reviewed by\"", "/Visited [0-9,]+ times/");
    });
  }

  @Test
  void shouldNotSilenceWhenOneSentenceMatchesNoRule() {
    assertThat(ROTATING.silencing(List.of("We now sell your data."), List.of(), List.of(
        new Modification("Last reviewed by Alice.", "Last reviewed by Bob.", null, null)), List.of())).isEmpty();
  }

  @Test
  void shouldNotSilenceAnEditThatTurnsAnIgnoredLineIntoAnotherSentence() {
    assertThat(ROTATING.silencing(List.of(), List.of(), List.of(
        new Modification("Last reviewed by Alice.", "Reviewed by our lawyers; we sell data.", null, null)),
        List.of())).isEmpty();
  }

  @Test
  void shouldSilenceNothingWithoutRulesOrWithoutSentences() {
    assertThat(IgnoreRules.NONE.silencing(List.of("Last reviewed by Bob."), List.of(), List.of(), List.of())).isEmpty();
    assertThat(ROTATING.silencing(List.of(), List.of(), List.of(), List.of())).isEmpty();
  }

  @Test
  void shouldMatchLiteralTextIgnoringCase() {
    assertThat(IgnoreRule.text("LAST REVIEWED").matches("last reviewed by Bob")).isTrue();
    assertThat(IgnoreRule.text("[a-z]+").matches("abc")).as("a literal is not a pattern").isFalse();
    assertThat(IgnoreRule.text("[a-z]+").matches("see [a-z]+ here")).isTrue();
  }

  @Test
  void shouldRejectUnsafeOrUselessRulesWithTheReason() {
    assertThatThrownBy(() -> IgnoreRule.regex("(unclosed").validate())
        .hasMessageContaining("not a valid regular expression: '(unclosed'");
    assertThatThrownBy(() -> IgnoreRule.regex(".*").validate()).hasMessageContaining("matches the empty text");
    assertThatThrownBy(() -> IgnoreRule.text("a ").validate()).hasMessageContaining("at least 3 characters");
    assertThatThrownBy(() -> IgnoreRule.regex("x".repeat(201)).validate()).hasMessageContaining("at most 200");
    assertThatThrownBy(() -> IgnoreRule.regex("(.*a){8}b").validate()).hasMessageContaining("backtracks too much");
    assertThatThrownBy(() -> IgnoreRule.regex("(a*)*\\1b").validate()).hasMessageContaining("backtracks too much");
    IgnoreRule.regex("Visited [0-9,]+ times").validate();
    IgnoreRule.text("Last reviewed by").validate();
  }

  @Test
  void shouldStopARegexThatBacktracksPastItsBudgetAndNotSilence() {
    IgnoreRule catastrophic = IgnoreRule.regex("(.*x){8}y");
    String sentence = "x".repeat(40);

    assertThatThrownBy(() -> catastrophic.matches(sentence)).isInstanceOf(IgnoreRule.TooSlow.class);
    assertThat(new IgnoreRules(List.of(catastrophic)).silencing(List.of(sentence), List.of(), List.of(), List.of()))
        .as("a rule that gives up never silences").isEmpty();
  }

  @Test
  void shouldReadBothJsonFormsAndWriteObjects() throws Exception {
    List<IgnoreRule> rules = Json.mapper().readValue("[\"Last reviewed by\", {\"regex\": \"\\\\d+ visits\"}]",
        Json.mapper().getTypeFactory().constructCollectionType(List.class, IgnoreRule.class));

    assertThat(rules).containsExactly(IgnoreRule.text("Last reviewed by"), IgnoreRule.regex("\\d+ visits"));
    assertThat(Json.mapper().writeValueAsString(rules))
        .isEqualTo("[{\"text\":\"Last reviewed by\"},{\"regex\":\"\\\\d+ visits\"}]");
    assertThatThrownBy(() -> Json.mapper().readValue("{\"text\": \"a\", \"regex\": \"b\"}", IgnoreRule.class))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> Json.mapper().readValue("{\"regx\": \"b\"}", IgnoreRule.class))
        .hasMessageContaining("unknown key \"regx\"");
  }
}
