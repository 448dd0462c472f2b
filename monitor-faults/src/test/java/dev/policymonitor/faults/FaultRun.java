package dev.policymonitor.faults;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.testing.RecordingHttpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * (Just over 300 lines: a run's phases, start, edits with faults, deliveries, read best in one place.)
 *
 * <p>One fault-injection run: brokers, then the fetcher, streams and alerts services as separate processes started by
 * the real launcher ({@code dev.policymonitor.app.PolicyMonitor fetcher|streams|alerts --bootstrap-servers ...}), a
 * {@link NumberedSite} whose documents gain a numbered clause each time the previous one has had its {@code changed}
 * event (after a random pause), and a recording webhook. While the edits go on, the planned faults happen at random
 * moments (SIGKILL of a service or a broker, then a restart); the last quarter of the edits runs without faults.
 */
final class FaultRun {
  /** How long one edit may wait for its event before the site moves on (the edit then counts as lost). */
  private static final Duration EDIT_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(13);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);
  private static final String MAIN = "dev.policymonitor.app.PolicyMonitor";

  /** A fault: SIGKILL of a service ({@code fetcher}, {@code streams}, {@code alerts}) or of broker node N. */
  record Fault(String service, int broker) {
    static Fault service(String name) {
      return new Fault(name, -1);
    }

    static Fault broker(int index) {
      return new Fault(null, index);
    }

    @Override
    public String toString() {
      return service != null ? service : "broker-" + (broker + 1);
    }
  }

  /**
   * @param brokers 1, or 3 (replication factor 3, min.insync.replicas=2)
   * @param documents documents on the site
   * @param edits numbered clauses each document gains
   * @param serviceKills how many times each service is killed
   * @param brokerKills how many times a broker is killed (a random one of a cluster)
   */
  record Plan(int brokers, int documents, int edits, int serviceKills, int brokerKills) {}

  /**
   * @param replication each topic's replica count and {@code min.insync.replicas} of {@code policy-changes}, at the
   *     end of the run ({@link BrokerCluster#replication})
   */
  record Result(Tally tally, long seed, int kills, int restarts, Duration wallTime, List<String> faults,
      Map<String, Integer> replication) {
    String line() {
      return "changes=" + tally.changes() + " alerts=" + tally.alerts() + " kills=" + kills + " restarts=" + restarts
          + " lost=" + tally.lost() + " duplicated=" + tally.duplicated();
    }
  }

  private final Plan plan;
  private final long seed;
  /** Draws the faults: which process, when, for how long; the same for the same seed. */
  private final Random random;
  /** Draws the pauses between edits, whose number depends on timing: apart, so they never shift the faults. */
  private final Random pauses;
  private final Path dir;
  private final AtomicInteger kills = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final List<String> faultLog = Collections.synchronizedList(new ArrayList<>());

  FaultRun(Plan plan, long seed, Path dir) {
    this.plan = plan;
    this.seed = seed;
    this.random = new Random(seed);
    this.pauses = new Random(seed ^ 0x5DEECE66DL);
    this.dir = dir;
  }

  /** The seed of {@code -Dfaults.seed}, else a new one. */
  static long seed() {
    String given = System.getProperty("faults.seed", "");
    return given.isBlank() ? new Random().nextLong() : Long.parseLong(given.trim());
  }

  Result run() throws InterruptedException {
    long started = System.nanoTime();
    deleteRecursively(dir); // a run starts from nothing: no topic, state or delivery marker of an earlier run
    ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor();
    try (RecordingHttpEndpoint sink = RecordingHttpEndpoint.start();
        NumberedSite site = NumberedSite.start(plan.documents());
        BrokerCluster brokers = BrokerCluster.start(plan.brokers(), dir)) {
      Map<String, ChildJvm> services = services(brokers.bootstrapServers(), site, sink);
      try {
        services.values().forEach(ChildJvm::start);
        try (PipelineLedger ledger = new PipelineLedger(brokers.bootstrapServers())) {
          edit(site, ledger, brokers, services, restarter);
          awaitDeliveries(ledger, sink);
          Tally tally = Tally.of(plan.documents(), plan.edits(), ledger.changes(), ledger.versions(),
              sink.requests());
          return new Result(tally, seed, kills.get(), restarts.get(),
              Duration.ofNanos(System.nanoTime() - started), List.copyOf(faultLog), brokers.replication());
        }
      } finally {
        restarter.shutdownNow();
        restarter.awaitTermination(1, TimeUnit.MINUTES);
        services.values().forEach(ChildJvm::stop);
      }
    }
  }

  private Map<String, ChildJvm> services(String bootstrap, NumberedSite site, RecordingHttpEndpoint sink) {
    Path vendors = dir.resolve("vendors.yaml");
    StringBuilder yaml = new StringBuilder("pollInterval: PT2S\nvendors:\n");
    for (int n = 0; n < site.documents(); n++) {
      yaml.append("  - id: ").append(Tally.key(n), 0, 4).append("\n    name: Vendor ").append(n)
          .append("\n    documents:\n      - type: privacy-policy\n        url: ").append(site.url(n)).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(vendors, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = Map.of(
        "POLICY_MONITOR_HOST_INTERVAL", "PT0.01S",
        "POLICY_MONITOR_WEBHOOK_URL", sink.url("/hooks/policy"),
        "POLICY_MONITOR_KAFKA_SESSION_TIMEOUT_MS", "10000",
        "POLICY_MONITOR_LOG_LEVEL", "WARN",
        "POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", "true"); // the vendor site is local: the SSRF guard lets it through
    List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    Map<String, ChildJvm> services = new LinkedHashMap<>();
    services.put("streams", new ChildJvm("streams", jvm, MAIN, List.of("streams", "--bootstrap-servers", bootstrap,
        "--state-dir", dir.resolve("streams-state").toString(), "--http-port", "0"), env,
        dir.resolve("logs/streams.log")));
    services.put("alerts", new ChildJvm("alerts", jvm, MAIN, List.of("alerts", "--bootstrap-servers", bootstrap,
        "--http-port", "0"), env, dir.resolve("logs/alerts.log")));
    services.put("fetcher", new ChildJvm("fetcher", jvm, MAIN, List.of("fetcher", "--bootstrap-servers", bootstrap,
        "--config", vendors.toString(), "--http-port", "0"), env, dir.resolve("logs/fetcher.log")));
    return services;
  }

  /** Edits every document {@code plan.edits()} times, one clause after the other, and injects the planned faults. */
  private void edit(NumberedSite site, PipelineLedger ledger, BrokerCluster brokers, Map<String, ChildJvm> services,
      ScheduledExecutorService restarter) throws InterruptedException {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < plan.serviceKills(); i++) {
      services.keySet().forEach(name -> faults.add(Fault.service(name)));
    }
    Collections.shuffle(faults, random);
    for (int i = 0; i < plan.brokerKills(); i++) {
      faults.add(random.nextInt(faults.size() + 1), Fault.broker(random.nextInt(brokers.size())));
    }
    int total = plan.documents() * plan.edits();
    // each fault when the site has made a random share of its edits, in plan order, once the previous fault's
    // process is back: the i-th of n faults falls at random in the i-th n-th of 5 % to 60 % of the edits, so that
    // the faults are spread over the run and the last one is not crowded out by the downtimes before it
    List<Integer> thresholds = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      thresholds.add((int) (total * (0.05 + 0.55 * (i + random.nextDouble()) / faults.size())));
    }
    // a service comes back within 3 s; a broker of a cluster stays away 10-20 s, a single broker 0.5-3 s
    List<Long> downtimes = new ArrayList<>();
    for (Fault fault : faults) {
      downtimes.add(fault.service() != null || brokers.size() == 1 ? 500L + random.nextInt(2500)
          : 10_000L + random.nextInt(10_000));
    }
    int documents = plan.documents();
    long[] due = new long[documents];
    long[] editedAt = new long[documents];
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    long nextProgress = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int nextFault = 0;
    int madeBefore = 0;
    while (true) {
      long now = System.nanoTime();
      // a fault whose moment has come waits while the previous one's process is away: the site holds its next edits
      // meanwhile, so that no fault is crowded out by the edits ending first (CI saw kills=2 of 3 that way)
      boolean hold = nextFault < faults.size() && madeBefore >= thresholds.get(nextFault);
      int finished = 0;
      int done = 0;
      int made = 0;
      for (int n = 0; n < documents; n++) {
        int k = site.edits(n);
        made += k;
        boolean seen = ledger.seen(n, k);
        done += seen ? k : Math.max(0, k - 1);
        if (k == plan.edits() && (seen || editedAt[n] != 0 && now - editedAt[n] > EDIT_TIMEOUT.toNanos())) {
          finished++;
        } else if (k < plan.edits() && seen) {
          if (due[n] == 0) {
            due[n] = now + Duration.ofMillis(pauses.nextInt(1500)).toNanos();
          } else if (now >= due[n] && !hold) {
            site.edit(n);
            editedAt[n] = now;
            due[n] = 0;
          }
        } else if (k > 0 && k < plan.edits() && now - editedAt[n] > EDIT_TIMEOUT.toNanos()) {
          site.edit(n); // this edit never had its event: move on, it counts as lost
          editedAt[n] = now;
        }
      }
      for (ChildJvm service : services.values()) {
        if (!service.alive() && !pending.contains(service.name())) {
          faultLog.add(service.name() + " exited on its own (" + service.exitCode() + "), restarted");
          System.err.println("faults: " + service.name() + " exited on its own, see " + service.log());
          service.start();
          restarts.incrementAndGet();
        }
      }
      madeBefore = made;
      if (finished == documents) {
        faults.subList(nextFault, faults.size()).forEach(f -> faultLog.add(f + " not killed: the edits ended first"));
        break;
      }
      if (nextFault < faults.size() && made >= thresholds.get(nextFault) && pending.isEmpty()) {
        inject(faults.get(nextFault), downtimes.get(nextFault), brokers, services, restarter, done);
        nextFault++;
      }
      if (now > nextProgress) {
        System.err.printf("faults: %d/%d edits had their event, %d kills, %d restarts%n", done, total, kills.get(),
            restarts.get());
        nextProgress = now + Duration.ofSeconds(30).toNanos();
      }
      if (now > deadline) {
        System.err.println("faults: run timed out after " + RUN_TIMEOUT + " with " + done + "/" + total
            + " edits seen; faults: " + faultLog);
        break;
      }
      Thread.sleep(100);
    }
  }

  private void inject(Fault fault, long pause, BrokerCluster brokers, Map<String, ChildJvm> services,
      ScheduledExecutorService restarter, int progress) {
    ChildJvm process = fault.service() != null ? services.get(fault.service()) : brokers.node(fault.broker());
    process.kill();
    kills.incrementAndGet();
    faultLog.add("kill -9 " + fault + " at " + progress + " edits, back after " + pause + " ms");
    pending.add(process.name());
    restarter.schedule(() -> {
      for (int attempt = 1; attempt <= 5; attempt++) {
        process.start();
        if (fault.service() != null || awaitAlive(process)) {
          break;
        }
        faultLog.add(process.name() + " exited right after its restart (attempt " + attempt + "), starting again");
      }
      restarts.incrementAndGet();
      pending.remove(process.name());
    }, pause, TimeUnit.MILLISECONDS);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }

  private static boolean awaitAlive(ChildJvm process) {
    try {
      Thread.sleep(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return process.alive();
  }

  /** Waits until every {@code changed} event the ledger holds has been delivered to the webhook. */
  private void awaitDeliveries(PipelineLedger ledger, RecordingHttpEndpoint sink) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> expected = ledger.changes().stream()
          .filter(c -> c.kind() == ChangeKind.CHANGED)
          .map(Change::changeId).collect(Collectors.toSet());
      Set<String> delivered = sink.requests().stream().map(r -> r.header("X-Policy-Monitor-Delivery"))
          .collect(Collectors.toSet());
      if (delivered.containsAll(expected)) {
        return;
      }
      Thread.sleep(500);
    }
  }
}
