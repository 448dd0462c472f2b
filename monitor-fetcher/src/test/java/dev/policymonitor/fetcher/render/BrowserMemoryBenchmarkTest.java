package dev.policymonitor.fetcher.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.testing.ScriptedSite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Renders the script-written test page 200 times in a row ({@code -Drender.benchmark.renders=N} for another count)
 * with the default settings (restart after 100 renders) and prints the browser's memory every 20 renders (RSS summed
 * over its processes, and PSS, which counts shared pages once; and, apart, the RSS of the Playwright driver) and the
 * render times. Asserts only that memory stays
 * bounded: no sample is more than twice the largest one of the first 20 renders. Times are printed, never asserted.
 */
class BrowserMemoryBenchmarkTest {
  @Test
  void shouldKeepTheBrowsersMemoryBoundedOverHundredsOfRenders() throws Exception {
    int renders = Integer.getInteger("render.benchmark.renders", 200);
    RenderSettings settings = RenderSettings.defaults().withChromium(Chromium.require()).withPagesAtOnce(1);
    List<Long> millis = new ArrayList<>();
    List<long[]> samples = new ArrayList<>();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%nrender benchmark: %d renders of the script-written page (text after %d ms), restart after %d%n"
            + "%8s %8s %10s %10s %16s %12s%n", renders, 300, settings.restartAfter(), "renders", "pid", "RSS MiB",
        "PSS MiB", "driver RSS MiB", "median ms"));
    try (ScriptedSite site = new ScriptedSite(); HeadlessBrowser browser = new HeadlessBrowser(settings)) {
      PolicyKey key = new PolicyKey("acme", "privacy-policy");
      for (int i = 1; i <= renders; i++) {
        long started = System.nanoTime();
        RenderedPage page = browser.render(new RenderRequest(key, site.url("/policy"), List.of("main"),
            "policy-monitor-benchmark", Rendering.DECLARED, null));
        millis.add((System.nanoTime() - started) / 1_000_000);
        assertThat(page.html()).contains(site.sentence);
        if (i % 20 == 0 || i == 1) {
          long rss = browser.memoryBytes();
          long pss = browser.proportionalMemoryBytes();
          samples.add(new long[] {i, rss});
          out.append(String.format(Locale.ROOT, "%8d %8d %10.1f %10.1f %16.1f %12d%n", i, browser.browserPid(),
              rss / 1048576.0, pss / 1048576.0, driverRss() / 1048576.0, percentile(millis, 0.5)));
        }
      }
    }
    out.append(String.format(Locale.ROOT, "render time over %d renders: median %d ms, p95 %d ms, max %d ms%n",
        renders, percentile(millis, 0.5), percentile(millis, 0.95), percentile(millis, 1.0)));
    System.out.print(out);
    System.err.print(out);
    long firstPeak = samples.stream().filter(s -> s[0] <= 20).mapToLong(s -> s[1]).max().orElseThrow();
    assertThat(samples).allSatisfy(s -> assertThat(s[1]).as("RSS after %d renders", s[0])
        .isPositive().isLessThanOrEqualTo(2 * firstPeak));
  }

  /** RSS of the Playwright driver (Node) processes of this JVM: one per page slot, outside the browser's count. */
  private static long driverRss() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().command().map(c -> c.endsWith("/node")).orElse(false))
        .mapToLong(ProcessMemory::rssBytes).sum();
  }

  private static long percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
  }
}
