package dev.policymonitor.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A loop's health on a clock the test moves: starting, up, degraded, stalled, restarted, given up. */
class LoopHealthTest {
  /** A clock moved by hand. */
  private static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T09:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final HandClock clock = new HandClock();
  private final LoopHealth loop = new LoopHealth("alerts.consumer", Duration.ofMinutes(5), 2, Duration.ofMinutes(10),
      clock);

  @Test
  void shouldStartThenBeUpThenDegradedThenUpAgain() {
    assertThat(loop.health().status()).isEqualTo(Health.Status.STARTING);
    loop.ready();
    assertThat(loop.health()).isEqualTo(Health.up());
    loop.degraded("a batch failed");
    assertThat(loop.health().text()).isEqualTo("DEGRADED: a batch failed");
    loop.recovered();
    assertThat(loop.health()).isEqualTo(Health.up());
  }

  @Test
  void shouldBeDownWhenItStopsBeating() {
    loop.ready();
    clock.advance(Duration.ofMinutes(4));
    assertThat(loop.health()).isEqualTo(Health.up());
    clock.advance(Duration.ofMinutes(2));
    assertThat(loop.health().text()).isEqualTo("DOWN: no progress for 360 s");
    loop.beat();
    assertThat(loop.health()).isEqualTo(Health.up());
  }

  @Test
  void shouldAllowABoundedNumberOfRestartsInTheWindowThenStayDown() {
    loop.ready();
    assertThat(loop.failed(new IllegalStateException("fenced"))).isTrue();
    assertThat(loop.health().text()).isEqualTo("STARTING: restarting (1)");
    loop.ready();
    assertThat(loop.failed(new IllegalStateException("fenced"))).isTrue();
    loop.ready();
    assertThat(loop.failed(new IllegalStateException("fenced again"))).as("two in ten minutes").isFalse();
    assertThat(loop.health().text()).isEqualTo("DOWN: stopped after 2 restart(s) and IllegalStateException: "
        + "fenced again");
    loop.beat();
    assertThat(loop.health().status()).as("a dead loop stays down").isEqualTo(Health.Status.DOWN);
  }

  @Test
  void shouldForgetRestartsOlderThanTheWindow() {
    loop.ready();
    assertThat(loop.failed(new RuntimeException("one"))).isTrue();
    assertThat(loop.failed(new RuntimeException("two"))).isTrue();
    clock.advance(Duration.ofMinutes(11));
    assertThat(loop.failed(new RuntimeException("three"))).isTrue();
    assertThat(loop.restarts()).isEqualTo(3);
  }

  @Test
  void shouldReportTheWorstOfTwo() {
    assertThat(Health.up().worst(Health.degraded("x"))).isEqualTo(Health.degraded("x"));
    assertThat(Health.down("y").worst(Health.starting("z"))).isEqualTo(Health.down("y"));
    assertThat(Health.starting("z").worst(Health.degraded("x"))).isEqualTo(Health.starting("z"));
  }
}
