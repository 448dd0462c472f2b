package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SentenceSegmenterTest {
  private final SentenceSegmenter segmenter = new SentenceSegmenter();

  @Test
  void shouldNotSplitAfterAbbreviations() {
    assertThat(segmenter.sentences("We share data with Acme Corp. and its affiliates, e.g. Acme Ltd. Contact "
        + "Dr. Smith at No. 5 for details. Our office is in the U.S. and the U.K. only."))
        .containsExactly("We share data with Acme Corp. and its affiliates, e.g. Acme Ltd. Contact Dr. Smith at No. 5 "
            + "for details.", "Our office is in the U.S. and the U.K. only.");
  }

  @Test
  void shouldKeepThePentaSecuritySentenceWithIncWhole() throws IOException {
    String seed = Files.readString(Corpus.seeds().resolve("pentasecurity-2019-02-27.md"));
    String paragraph = seed.lines().filter(l -> l.startsWith("This privacy policy is applicable")).findFirst()
        .orElseThrow();

    List<String> sentences = segmenter.sentences(paragraph);

    assertThat(sentences).first().asString()
        .startsWith("This privacy policy is applicable")
        .contains("Penta Security Systems Inc. (“Penta Security”) on the Penta Security website");
    // Without the abbreviation filter ICU breaks after "Inc.": the test would catch a lost suppression.
    assertThat(plainIcu(paragraph).get(0)).endsWith("Penta Security Systems Inc. ");
  }

  @Test
  void shouldRepairTheNaiveSplitsOfTheMicrosecSeed() throws IOException {
    // The seed is lower-case with one naive "sentence" per line: give each line a capital like real prose,
    // join the lines back and undo the split inside "e.g." so the segmenter sees the original text.
    List<String> naive = Files.readAllLines(Corpus.seeds().resolve("microsec-sentences.txt"));
    StringBuilder text = new StringBuilder();
    for (String line : naive) {
      String l = line.strip();
      if (!l.isEmpty()) {
        text.append(Character.toUpperCase(l.charAt(0))).append(l.substring(1)).append(' ');
      }
    }
    String prose = text.toString().replace("(e. G. , ", "(e.g., ");

    List<String> sentences = segmenter.sentences(prose);

    assertThat(sentences).anySatisfy(s -> assertThat(s)
        .startsWith("Microsec, inc. Respects your privacy and is committed to protecting"));
    assertThat(sentences).anySatisfy(s -> assertThat(s)
        .startsWith("This privacy statement covers microsec, inc. And its affiliated companies"));
    assertThat(sentences).anySatisfy(s -> assertThat(s)
        .contains("the files viewed on our site (e.g., html pages, graphics, etc. ), operating system"));
    assertThat(sentences).noneMatch(s -> s.toLowerCase(Locale.ROOT).endsWith(" inc.")
        || s.toLowerCase(Locale.ROOT).endsWith("e.g."));
    assertThat(sentences.size()).isLessThan(naive.size());
  }

  @Test
  void shouldNotSplitInsideMarkdownLinksOrUrls() {
    assertThat(segmenter.sentences("- [What's most important?](#whats-most-important)"))
        .containsExactly("- [What's most important?](#whats-most-important)");
    assertThat(segmenter.sentences("See [our terms](https://x.example/terms?v=2.1#use). Questions? Mail us at "
        + "https://x.example/contact?topic=privacy. Thanks."))
        .containsExactly("See [our terms](https://x.example/terms?v=2.1#use).", "Questions?",
            "Mail us at https://x.example/contact?topic=privacy.", "Thanks.");
  }

  @Test
  void shouldMakeHeadingsAndListItemsTheirOwnBlocks() {
    String markdown = "# Privacy Policy\n\nWe collect data.\nIt is kept safe.\n\n- first item\n- second item\n\n"
        + "**Security**\n\n1. numbered item\n\n## Contact\nWrite to us.";

    List<SentenceSegmenter.Block> blocks = segmenter.blocks(markdown);

    assertThat(blocks).extracting(SentenceSegmenter.Block::text).containsExactly("# Privacy Policy",
        "We collect data. It is kept safe.", "- first item", "- second item", "**Security**", "1. numbered item",
        "## Contact", "Write to us.");
    assertThat(blocks).extracting(SentenceSegmenter.Block::heading)
        .containsExactly(true, false, false, false, true, false, true, false);
    assertThat(blocks.get(4).title()).isEqualTo("Security");
    assertThat(segmenter.sentences(blocks.get(1))).containsExactly("We collect data.", "It is kept safe.");
  }

  private static List<String> plainIcu(String text) {
    BreakIterator it = BreakIterator.getSentenceInstance(ULocale.ENGLISH);
    it.setText(text);
    List<String> out = new ArrayList<>();
    for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      out.add(text.substring(start, end));
    }
    return out;
  }

  @Test
  void shouldKeepGermanAbbreviationsInsideTheRealTelegramSentences() throws IOException {
    String text = Files.readString(Corpus.history("languages/de-telegram").resolve("20231113T183354Z.md"));
    SentenceSegmenter german = SentenceSegmenter.forLanguage("de");
    List<String> sentences = german.blocks(text).stream().flatMap(b -> german.sentences(b).stream()).toList();
    assertThat(sentences).anyMatch(x -> x.contains("deine Mutter z.B. den Anzeigenamen"))
        .noneMatch(x -> x.endsWith("z.B.") || x.endsWith("z. B.") || x.endsWith("bzw."));
    assertThat(new SentenceSegmenter().sentences("Daten (z. B. Kreditkartendaten) werden gespeichert. Danach nicht."))
        .as("the default segmenter knows every bundled language's abbreviations")
        .containsExactly("Daten (z. B. Kreditkartendaten) werden gespeichert.", "Danach nicht.");
  }

  @Test
  void shouldSplitJapaneseAndKoreanSentencesWithoutSpacesBetweenThem() {
    assertThat(SentenceSegmenter.forLanguage("ja").sentences("当社は個人情報を取得します。利用目的は以下のとおりです！詳細は？"))
        .containsExactly("当社は個人情報を取得します。", "利用目的は以下のとおりです！", "詳細は？");
    assertThat(new SentenceSegmenter().sentences("「同意する」ボタンを押します。次に進みます。"))
        .containsExactly("「同意する」ボタンを押します。", "次に進みます。");
    assertThat(SentenceSegmenter.forLanguage("ko").sentences("당사는 개인정보를 수집합니다.수집된 정보는 3년간 보관됩니다. 문의하십시오."))
        .containsExactly("당사는 개인정보를 수집합니다.", "수집된 정보는 3년간 보관됩니다.", "문의하십시오.");
  }

  @Test
  void shouldSegmentTheRealKoreanAnnexIntoSentences() throws IOException {
    String text = Files.readString(Corpus.history("languages/ko-dailymotion").resolve("20250808T180346Z.md"));
    SentenceSegmenter korean = SentenceSegmenter.forLanguage("ko");
    List<String> sentences = korean.blocks(text).stream().flatMap(b -> korean.sentences(b).stream()).toList();
    assertThat(sentences).contains(
        "귀하가 한국에 거주하는 경우, 본 개인정보 처리방침의 내용에 더하여, 본 섹션에서 개인정보 보호법에 따라 필요한 세부 정보를 알려드리도록 하겠습니다.");
    assertThat(sentences).allMatch(x -> x.length() < 2_000);
  }

  @Test
  void shouldUseFrenchAbbreviationsForFrench() {
    assertThat(SentenceSegmenter.forLanguage("fr-FR").sentences(
        "Certaines données (p. ex. votre adresse) sont conservées. M. Dupont est le délégué."))
        .containsExactly("Certaines données (p. ex. votre adresse) sont conservées.", "M. Dupont est le délégué.");
  }
}
