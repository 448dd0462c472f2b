package dev.policymonitor.web.vendors;

import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.web.StoreAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog on Kafka: reads the streams service's global store of {@code policy-targets}
 * ({@link PolicyTopology#TARGETS_STORE}, the same on every instance, so no forwarding) and writes through the
 * {@link TargetsPublisher} that {@code vendors add} and the fetcher's seeding use (host partitioning, tombstones in
 * the other partitions). After a write it waits, up to {@link #VISIBLE_WITHIN}, for the global store to show it.
 */
public final class KafkaTargetCatalog implements TargetCatalog {
  static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTargetCatalog.class);

  private final StoreAccess stores;
  private final TargetsPublisher publisher;

  public KafkaTargetCatalog(StoreAccess stores, TargetsPublisher publisher) {
    this.stores = stores;
    this.publisher = publisher;
  }

  @Override
  public List<Target> all() {
    List<Target> all = new ArrayList<>();
    try (KeyValueIterator<String, PlacedTarget> it = store().all()) {
      it.forEachRemaining(kv -> all.add(kv.value.target()));
    }
    all.sort(Comparator.comparing(Target::vendor).thenComparing(t -> t.declaration().type()));
    return all;
  }

  @Override
  public Optional<Target> get(PolicyKey key) {
    return Optional.ofNullable(store().get(key.toString())).map(PlacedTarget::target);
  }

  @Override
  public void write(Collection<Target> targets) {
    publisher.publish(targets);
    for (Target t : targets) {
      awaitVisible(t.key(), now -> now.isPresent() && now.get().equals(t));
    }
  }

  @Override
  public void remove(Collection<PolicyKey> keys) {
    keys.forEach(publisher::remove);
    for (PolicyKey k : keys) {
      awaitVisible(k, Optional::isEmpty);
    }
  }

  private void awaitVisible(PolicyKey key, Predicate<Optional<Target>> done) {
    long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
    while (!done.test(get(key))) {
      if (System.nanoTime() > deadline) {
        LOG.warn("vendor={} document={} written to policy-targets but not read back within {} s; the list shows it "
            + "once the streams service reads it", key.vendor(), key.document(), VISIBLE_WITHIN.toSeconds());
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private ReadOnlyKeyValueStore<String, PlacedTarget> store() {
    return Objects.requireNonNull(stores.store(PolicyTopology.TARGETS_STORE));
  }
}
