package dev.policymonitor.fetcher.wayback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A budget gated by the Wayback lease grants no token while the gate is closed (this instance does not hold the
 * lease, or has not heard from its group for too long), and grants at once when it opens.
 */
class WaybackBudgetGateTest {
  private final FakeTicker ticker = new FakeTicker();

  private WaybackBudget budget() {
    WaybackMetrics metrics = new WaybackMetrics();
    metrics.bindTo(new SimpleMeterRegistry());
    return new WaybackBudget(WaybackConfig.defaults("http://127.0.0.1:1"), metrics, ticker);
  }

  @Test
  void shouldWaitForTheGateBeforeTakingAToken() throws InterruptedException {
    WaybackBudget budget = budget();
    AtomicInteger looks = new AtomicInteger();
    budget.gatedBy(() -> looks.incrementAndGet() > 5);

    budget.acquire(WaybackBudget.Endpoint.CDX);

    assertThat(looks).as("the gate was looked at until it opened").hasValue(6);
    assertThat(ticker.sleeps()).as("waiting while closed").hasSize(5)
        .allSatisfy(d -> assertThat(d).isEqualTo(WaybackBudget.GATE_CHECK));
    assertThat(budget.granted(WaybackBudget.Endpoint.CDX)).isEqualTo(1);
  }

  @Test
  void shouldMakeANewLeaseHolderWaitOneFullIntervalBeforeItsFirstRequest() throws InterruptedException {
    WaybackBudget budget = budget();

    budget.startFresh();
    budget.acquire(WaybackBudget.Endpoint.CDX);

    Duration waited = ticker.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(waited).as("24 CDX requests per minute: 2.5 s apart").isGreaterThanOrEqualTo(Duration.ofMillis(2500));
  }
}
