package dev.policymonitor.fetcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

class LimitedBodyTest {
  @Test
  void shouldStopReadingAGzipBombLongBeforeItsEnd() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      byte[] mib = new byte[1024 * 1024];
      for (int i = 0; i < 256; i++) {
        out.write(mib); // 256 MiB of zeros
      }
    }
    Buffer wire = new Buffer().write(compressed.toByteArray());
    long total = wire.size();
    long[] read = {0};
    var counting = new ForwardingSource(wire) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) {
          read[0] += n;
        }
        return n;
      }
    };
    assertThatThrownBy(() -> LimitedBody.read(Okio.buffer(counting), "gzip", 1024 * 1024))
        .isInstanceOf(LimitedBody.TooLargeException.class);
    assertThat(read[0]).as("compressed bytes read of %d", total).isLessThan(total / 10);
  }
}
