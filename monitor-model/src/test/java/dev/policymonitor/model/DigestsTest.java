package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {
  @Test
  void shouldMatchRfc4648Base32TestVectors() {
    assertThat(Digests.base32("".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(Digests.base32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
    assertThat(Digests.base32("foob".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YQ");
    assertThat(Digests.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
  }

  @Test
  void shouldGiveTheWaybackCdxFormOfSha1() {
    // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d; its base32 is 32 chars, as in CDX digests.
    String digest = Digests.sha1Base32("abc".getBytes(StandardCharsets.US_ASCII));

    assertThat(digest).isEqualTo("VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5").hasSize(32);
  }
}
