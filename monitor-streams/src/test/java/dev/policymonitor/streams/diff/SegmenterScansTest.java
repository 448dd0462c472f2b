package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The segmenter's character scans give what the regular expressions they replaced gave, on random texts. */
class SegmenterScansTest {
  private static final String ALPHABET = "ab .(\n\n\t\r\u00a0\u2003\u000B\f#*-1)[\u2028\u0085";

  @Test
  void shouldCollapseSpacesAsTheRegexDid() {
    Random random = new Random(15);
    for (int n = 0; n < 20_000; n++) {
      String s = random(random, 12);
      assertThat(SentenceSegmenter.collapse(s)).as(s).isEqualTo(s.replaceAll("[\\s\\u00a0]+", " ").strip());
    }
  }

  @Test
  void shouldSplitBlocksAsTheRegexSplitDid() {
    Random random = new Random(14);
    SentenceSegmenter segmenter = new SentenceSegmenter();
    for (int n = 0; n < 5_000; n++) {
      String s = random(random, 40);
      assertThat(segmenter.blocks(s)).as(s).isEqualTo(regexBlocks(s));
    }
  }

  /** Pinned from the segmenter before its scans replaced regular expressions. */
  @Test
  void shouldKeepSentencesThatEndInAnOpeningBracketOrAnAbbreviationTogether() {
    SentenceSegmenter segmenter = new SentenceSegmenter();
    assertThat(segmenter.sentences("See the list [ ? More text here. Last one."))
        .containsExactly("See the list [ ?", "More text here.", "Last one.");
    assertThat(segmenter.sentences("Ask us (\u2028? We answer. Then this."))
        .containsExactly("Ask us (\u2028?", "We answer.", "Then this.");
    assertThat(segmenter.sentences("Contact \u201CInc. Corp. today. Next."))
        .containsExactly("Contact \u201CInc. Corp. today.", "Next.");
    assertThat(segmenter.sentences("Read [this (\n? Then that. And e.g. this one. Or \u00ABetc. fine."))
        .containsExactly("Read [this ( ?", "Then that.", "And e.g. this one.", "Or \u00ABetc. fine.");
    assertThat(segmenter.sentences("Learn more [What is it?](\u2028 here. Next."))
        .containsExactly("Learn more [What is it?](\u2028 here.", "Next.");
    assertThat(segmenter.sentences("Why? (\u2029")).containsExactly("Why?", "(");
  }

  private static String random(Random random, int max) {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(max);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** The block splitting as it was written with regular expressions. */
  private static List<SentenceSegmenter.Block> regexBlocks(String markdown) {
    List<SentenceSegmenter.Block> blocks = new java.util.ArrayList<>();
    for (String chunk : markdown.replace("\r\n", "\n").split("\\n\\s*\\n")) {
      StringBuilder paragraph = new StringBuilder();
      for (String line : chunk.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        if (line.matches("^\\s*(#{1,6}\\s|[-*+•]\\s|\\d{1,3}[.)]\\s|>|\\|).*")) {
          add(paragraph.toString(), blocks);
          paragraph.setLength(0);
          add(line, blocks);
        } else {
          if (paragraph.length() > 0) {
            paragraph.append(' ');
          }
          paragraph.append(line.strip());
        }
      }
      add(paragraph.toString(), blocks);
    }
    return blocks;
  }

  private static void add(String raw, List<SentenceSegmenter.Block> blocks) {
    String text = raw.replaceAll("[\\s\\u00a0]+", " ").strip();
    if (!text.isEmpty()) {
      blocks.add(new SentenceSegmenter.Block(text, text.matches("^(#{1,6})\\s+(.*)$")
          || text.matches("^\\*\\*([^*]{1,120})\\*\\*:?$")));
    }
  }
}
