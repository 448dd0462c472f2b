package dev.policymonitor.fetcher.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.testing.ScriptedSite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The headless browser against a local site whose policy text only exists after its script ran. */
class HeadlessBrowserTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private ScriptedSite site;

  @AfterEach
  void close() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private HeadlessBrowser browser(RenderSettings settings) throws Exception {
    site = new ScriptedSite();
    closing.add(site);
    HeadlessBrowser browser = new HeadlessBrowser(settings);
    closing.add(browser);
    browser.metrics().bindTo(registry);
    return browser;
  }

  private static RenderSettings settings() {
    return RenderSettings.defaults().withChromium(Chromium.require()).withTimeout(Duration.ofSeconds(6));
  }

  private RenderRequest request(String path, List<String> waitFor, RequestGuard guard) {
    return new RenderRequest(KEY, site.url(path), waitFor, "policy-monitor-test", Rendering.DECLARED, guard);
  }

  private double count(String name, String tag, String value) {
    var c = registry.find(name).tag(tag, value).counter();
    return c == null ? -1 : c.count();
  }

  @Test
  void shouldRenderTheTextTheScriptWritesAndNeverFetchImagesOrFonts() throws Exception {
    HeadlessBrowser browser = browser(settings());

    RenderedPage page = browser.render(request("/policy", List.of("main"), null));

    assertThat(page.ready()).isTrue();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.html()).contains(ScriptedSite.INTRO).contains(site.sentence).startsWith("<!DOCTYPE html>");
    assertThat(site.browserHits("/app.js")).isEqualTo(1);
    assertThat(site.browserHits("/style.css")).as("a stylesheet is not blocked").isEqualTo(1);
    assertThat(site.browserHits("/logo.png")).as("images are blocked").isZero();
    assertThat(site.browserHits("/brand.woff2")).as("fonts are blocked").isZero();
    assertThat(count("policy.renders", "trigger", "declared")).isEqualTo(1);
    assertThat(registry.find("policy.render.duration").timer().count()).isEqualTo(1);
    assertThat(browser.memoryBytes()).as("resident memory of the running browser").isPositive();
  }

  @Test
  void shouldAskTheGuardAboutTheNavigationEachRedirectAndEverySubRequest() throws Exception {
    HeadlessBrowser browser = browser(settings());
    List<RequestGuard.Request> asked = Collections.synchronizedList(new ArrayList<>());

    browser.render(request("/redirect", List.of("main"), r -> {
      asked.add(r);
      return RequestGuard.Verdict.ALLOW;
    }));

    assertThat(asked).extracting(r -> r.url().getPath() + " " + r.resourceType() + " " + r.navigation())
        .contains("/redirect document true", "/policy document true", "/app.js script false",
            "/style.css stylesheet false")
        .noneMatch(s -> s.startsWith("/logo.png") || s.startsWith("/brand.woff2"));
    assertThat(asked).allMatch(r -> r.document().equals(KEY));

    assertThatThrownBy(() -> browser.render(request("/redirect", List.of("main"),
        r -> r.url().getPath().equals("/policy") ? RequestGuard.Verdict.refuse("not there") : RequestGuard.Verdict.ALLOW)))
        .isInstanceOf(RenderException.class).hasMessageContaining("redirect refused: not there")
        .extracting(e -> ((RenderException) e).reason()).isEqualTo(RenderException.Reason.BLOCKED);
  }

  @Test
  void shouldFailBlockedWhenTheGuardRefusesTheNavigationWithoutTouchingTheSite() throws Exception {
    HeadlessBrowser browser = browser(settings());

    assertThatThrownBy(() -> browser.render(request("/policy", List.of("main"),
        r -> RequestGuard.Verdict.refuse("loopback address 127.0.0.1"))))
        .isInstanceOf(RenderException.class).hasMessageContaining("navigation refused: loopback address 127.0.0.1")
        .extracting(e -> ((RenderException) e).reason()).isEqualTo(RenderException.Reason.BLOCKED);
    assertThat(site.browserHits("/policy")).isZero();
    assertThat(count("policy.render.failures", "reason", "blocked")).isEqualTo(1);

    RenderedPage withoutScript = browser.render(request("/policy", List.of("main"),
        r -> r.url().getPath().endsWith(".js") ? RequestGuard.Verdict.refuse("no scripts") : RequestGuard.Verdict.ALLOW));
    assertThat(withoutScript.ready()).as("the refused script never wrote the policy").isFalse();
    assertThat(withoutScript.html()).doesNotContain(ScriptedSite.INTRO);
    assertThat(site.browserHits("/policy")).isEqualTo(1);
    assertThat(site.browserHits("/app.js")).isZero();
  }

  @Test
  void shouldTimeOutOnAPageThatNeverFinishesLoadingAndThenRenderTheNextInTheSameBrowser() throws Exception {
    HeadlessBrowser browser = browser(settings());

    assertThatThrownBy(() -> browser.render(request("/hang", List.of("main"), null)))
        .isInstanceOf(RenderException.class).hasMessageContaining("did not load within")
        .extracting(e -> ((RenderException) e).reason()).isEqualTo(RenderException.Reason.TIMEOUT);
    long pid = browser.browserPid();
    assertThat(browser.render(request("/policy", List.of("main"), null)).html()).contains(site.sentence);

    assertThat(browser.browserPid()).as("the same browser survived").isEqualTo(pid);
    assertThat(count("policy.render.failures", "reason", "timeout")).isEqualTo(1);
    assertThat(count("policy.render.browser.restarts", "reason", "hung")).isZero();
  }

  @Test
  void shouldTimeOutOnAScriptThatLoopsForeverAndKeepTheBrowser() throws Exception {
    HeadlessBrowser browser = browser(settings());

    assertThatThrownBy(() -> browser.render(request("/loop", List.of("main"), null)))
        .isInstanceOf(RenderException.class)
        .extracting(e -> ((RenderException) e).reason()).isEqualTo(RenderException.Reason.TIMEOUT);
    long pid = browser.browserPid();
    assertThat(browser.render(request("/policy", List.of("main"), null)).html()).contains(site.sentence);

    assertThat(browser.browserPid()).isEqualTo(pid);
    assertThat(count("policy.render.browser.restarts", "reason", "hung")).isZero();
  }

  @Test
  void shouldCutARenderThatHangsAfterLoadingByRestartingTheBrowser() throws Exception {
    HeadlessBrowser browser = browser(settings().withTimeout(Duration.ofSeconds(3)));
    browser.render(request("/policy", List.of("main"), null));
    long pid = browser.browserPid();

    assertThatThrownBy(() -> browser.render(request("/late-loop", List.of("#never"), null)))
        .isInstanceOf(RenderException.class).hasMessageContaining("the browser was restarted")
        .extracting(e -> ((RenderException) e).reason()).isEqualTo(RenderException.Reason.TIMEOUT);
    assertThat(browser.render(request("/policy", List.of("main"), null)).html()).contains(site.sentence);

    assertThat(browser.browserPid()).isNotEqualTo(pid).isPositive();
    assertThat(count("policy.render.browser.restarts", "reason", "hung")).isEqualTo(1);
  }

  @Test
  void shouldRestartTheBrowserAfterTheConfiguredNumberOfRenders() throws Exception {
    HeadlessBrowser browser = browser(settings().withRestartAfter(2));
    browser.render(request("/policy", List.of("main"), null));
    long first = browser.browserPid();
    browser.render(request("/policy", List.of("main"), null));
    assertThat(browser.browserPid()).isEqualTo(first);

    browser.render(request("/policy", List.of("main"), null));

    assertThat(browser.browserPid()).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).filter(ProcessHandle::isAlive)).as("the old browser is gone").isEmpty();
    assertThat(count("policy.render.browser.restarts", "reason", "scheduled")).isEqualTo(1);
  }

  @Test
  void shouldStartANewBrowserWhenTheRunningOneDied() throws Exception {
    HeadlessBrowser browser = browser(settings());
    browser.render(request("/policy", List.of("main"), null));
    ProcessHandle old = ProcessHandle.of(browser.browserPid()).orElseThrow();
    old.destroyForcibly();
    old.onExit().get();

    RenderedPage page = browser.render(request("/policy", List.of("main"), null));

    assertThat(page.html()).contains(site.sentence);
    assertThat(browser.browserPid()).isNotEqualTo(old.pid());
    assertThat(count("policy.render.browser.restarts", "reason", "crashed")).isEqualTo(1);
  }

  @Test
  void shouldRenderNoMorePagesAtOnceThanConfigured() throws Exception {
    HeadlessBrowser browser = browser(settings().withPagesAtOnce(2).withTimeout(Duration.ofSeconds(10)));
    ExecutorService callers = Executors.newFixedThreadPool(4);
    closing.add(callers::shutdownNow);

    browser.render(request("/policy", List.of("main"), null));
    browser.render(request("/policy", List.of("main"), null));
    List<Future<RenderedPage>> pages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pages.add(callers.submit(() -> browser.render(request("/slow", List.of("main"), null))));
    }
    for (Future<RenderedPage> p : pages) {
      assertThat(p.get().html()).contains(site.sentence);
    }

    assertThat(site.browserHits("/slow.js")).isEqualTo(4);
    assertThat(site.slowMaxInFlight()).as("pages waiting for their script at the same time (the site holds each "
        + "script until two are waiting)").isEqualTo(2);
  }

  @Test
  void shouldFailRendererUnavailableWithTheInstallHintWhenThereIsNoChromium() throws Exception {
    HeadlessBrowser browser = browser(RenderSettings.defaults().withChromium(Path.of("/nonexistent/chromium")));

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> browser.render(request("/policy", List.of("main"), null)))
          .isInstanceOf(RenderException.class)
          .hasMessageContaining("no Chromium at /nonexistent/chromium")
          .hasMessageContaining("apt-get install chromium").hasMessageContaining(RenderSettings.CHROMIUM_ENV)
          .extracting(e -> ((RenderException) e).reason()).isEqualTo(RenderException.Reason.UNAVAILABLE);
    }
    assertThat(count("policy.render.failures", "reason", "unavailable")).isEqualTo(2);
    assertThat(site.browserHits("/policy")).isZero();
  }
}
