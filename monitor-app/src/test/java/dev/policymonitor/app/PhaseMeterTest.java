package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseMeterTest {
  @Test
  void shouldSumTheCpuOfEachKindOfThreadIntoThePartOfTheProcessItWorksFor() {
    List<Map.Entry<String, Long>> byKind = List.of(Map.entry("CN CompilerThre", 330L),
        Map.entry("policy-monitor-", 200L), Map.entry("policy-fetcher-", 100L), Map.entry("rocksdb:low", 40L), Map.entry("rocksdb:high", 4L), Map.entry("data-plane-kafk", 90L),
        Map.entry("group-coordinat", 5L), Map.entry("kafka-producer-", 60L), Map.entry("GC Thread#N", 7L),
        Map.entry("GN Conc#N", 3L), Map.entry("bench-site-N", 13L), Map.entry("HTTP-Dispatcher", 2L));

    assertThat(PhaseMeter.cpuByPart(byKind)).containsExactly(Map.entry("monitor", 360L), Map.entry("rocksdb", 44L),
        Map.entry("broker", 95L),
        Map.entry("jit", 330L), Map.entry("gc", 10L), Map.entry("site", 15L));
  }

  @Test
  void shouldCountTheKafkaClientsOfTheMonitorAsTheMonitorsNotTheBrokers() {
    assertThat(List.of("kafka-producer-", "kafka-coordinat", "kafka-admin-cli")).allSatisfy(kind ->
        assertThat(PhaseMeter.partOf(kind)).isEqualTo("monitor"));
    assertThat(List.of("data-plane-kafk", "kafka-N-raft-io", "quorum-controll", "TxnMarkerSender")).allSatisfy(kind ->
        assertThat(PhaseMeter.partOf(kind)).isEqualTo("broker"));
  }
}
