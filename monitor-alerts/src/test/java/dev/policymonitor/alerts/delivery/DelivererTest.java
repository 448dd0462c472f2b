package dev.policymonitor.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.alerts.AlertMetrics;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bounded retries, their delays and the circuit breaker, with a sleeper that records instead of waiting. */
class DelivererTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertMetrics metrics = new AlertMetrics(List.of("slack"));
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final Deliverer deliverer = new Deliverer(new RetrySettings(3, Duration.ofSeconds(1), Duration.ofMinutes(1),
      Duration.ofSeconds(5)), metrics, sleeper);
  private final AtomicInteger calls = new AtomicInteger();

  DelivererTest() {
    metrics.bindTo(registry);
  }

  private void refuse() throws IOException {
    calls.incrementAndGet();
    throw new IOException("connection refused");
  }

  @Test
  void shouldRetryUntilTheChannelAccepts() {
    Deliverer.Result result = deliverer.deliver("slack", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("connection reset");
      }
    });

    assertThat(result).isEqualTo(new Deliverer.Result(true, 3, null));
    assertThat(sleeper.delays()).hasSize(2);
    assertThat(registry.get(AlertMetrics.RETRIES).tag("channel", "slack").counter().count()).isEqualTo(2.0);
  }

  @Test
  void shouldNotRetryAPermanentFailure() {
    Deliverer.Result result = deliverer.deliver("slack", () -> {
      calls.incrementAndGet();
      throw new PermanentDeliveryException("webhook answered 404");
    });

    assertThat(result).isEqualTo(new Deliverer.Result(false, 1, "PermanentDeliveryException: webhook answered 404"));
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void shouldWaitWhatTheChannelAsksThoughNeverLessForTheJitter() {
    deliverer.deliver("slack", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new RetryAfterException("Slack answered 429", Duration.ofSeconds(9));
      }
    });

    assertThat(sleeper.delays()).singleElement().satisfies(d -> assertThat(d)
        .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11)));
  }

  @Test
  void shouldSendTheNextAlertsOfAFailingChannelToTheDeadLetterQueueAtOnce() {
    Deliverer.Result first = deliverer.deliver("slack", this::refuse);
    int pausesOfTheFirst = sleeper.delays().size();

    Deliverer.Result second = deliverer.deliver("slack", this::refuse);

    assertThat(first.attempts()).isEqualTo(3);
    assertThat(second.delivered()).isFalse();
    assertThat(second.attempts()).isZero();
    assertThat(second.error()).isEqualTo("not attempted: slack failed 3 times in a row (last: IOException: "
        + "connection refused), paused for 60 s");
    assertThat(calls.get()).as("the channel was not called again").isEqualTo(3);
    assertThat(sleeper.delays()).hasSize(pausesOfTheFirst);
  }

  @Test
  void shouldNeitherDeliverNorGiveUpWhenInterruptedWhileWaiting() {
    Deliverer interrupted = new Deliverer(new RetrySettings(3, Duration.ofSeconds(1), Duration.ofMinutes(1),
        Duration.ofSeconds(5)), metrics, d -> {
          throw new InterruptedException();
        });

    assertThatThrownBy(() -> interrupted.deliver("slack", this::refuse)).isInstanceOf(IllegalStateException.class)
        .hasMessage("interrupted while waiting to retry slack");
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
  }
}
