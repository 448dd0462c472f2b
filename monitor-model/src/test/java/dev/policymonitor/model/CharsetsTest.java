package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharsetsTest {
  @Test
  void shouldCountEachMalformedSequenceOnce() {
    assertThat(Charsets.undecodable("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isZero();
    assertThat(Charsets.undecodable(new byte[] {'a', (byte) 0xff, 'b', (byte) 0xfe, 'c'}, StandardCharsets.UTF_8))
        .isEqualTo(2);
  }

  @Test
  void shouldAcceptADeclaredCharsetThatDecodesAllButAFewBytes() {
    byte[] page = ("<p>" + "données personnelles ".repeat(300) + "</p><!-- x -->").getBytes(StandardCharsets.UTF_8);
    page[page.length - 6] = (byte) 0xff;
    assertThat(Charsets.decodesAllButAFew(page, StandardCharsets.UTF_8)).isTrue();
  }

  @Test
  void shouldRejectUtf8ForATextThatIsReallyLatin1() {
    byte[] latin1 = "données personnelles à caractère privé, été, déjà ".repeat(40)
        .getBytes(Charset.forName("windows-1252"));
    assertThat(Charsets.decodesAllButAFew(latin1, StandardCharsets.UTF_8)).isFalse();
  }
}
