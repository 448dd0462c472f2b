package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cosmetic canonical form's scans give what the regular expressions they replaced gave, on random texts. */
class CosmeticScansTest {
  private static final String LINKS = "ab/?#:htps )]\"'\n\t.=&";
  private static final String WORDS = "aZ1 .-_\u00e9\u0663\u2163\u00bd\u00a0\u2003\ud835\udc00\ud800\u3002\u4e00";

  @Test
  void shouldDropLinkQueriesAsTheRegexDid() {
    Random random = new Random(15);
    for (int n = 0; n < 50_000; n++) {
      String s = random(random, LINKS, 30);
      assertThat(Cosmetic.withoutLinkQueries(s)).as(s)
          .isEqualTo(s.replaceAll("((?:https?://|/)[^\\s)\\]?#\"']*)[?#][^\\s)\\]\"']*", "$1"));
    }
    assertThat(Cosmetic.withoutLinkQueries("see [x](https://a.example/p?utm=1#top) or /q#frag."))
        .isEqualTo("see [x](https://a.example/p) or /q");
  }

  @Test
  void shouldKeepOnlyLettersAndNumbersAsTheRegexDid() {
    Random random = new Random(14);
    for (int n = 0; n < 50_000; n++) {
      String s = random(random, WORDS, 20);
      assertThat(Cosmetic.words(s)).as(s).isEqualTo(s.replaceAll("[^\\p{L}\\p{N}]+", " ").strip());
    }
  }

  private static String random(Random random, String alphabet, int max) {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(max);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
