package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/** Every state store's RocksDB memory in one bound: one cache and one write buffer manager for all stores. */
class BoundedRocksDbTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path stateDir;

  @Test
  void shouldGiveEveryStoreTheSameCacheAndWriteBufferManagerAndCompressItsBlocksAndKeepLargeValuesInBlobFiles() {
    try (Options a = new Options().setTableFormatConfig(new BlockBasedTableConfig());
        Options b = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
      BoundedRocksDb setter = new BoundedRocksDb();
      setter.setConfig("policy-latest-version-store", a, Map.of());
      setter.setConfig("policy-version-text-store", b, Map.of());

      assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
      assertThat(a.writeBufferSize()).isEqualTo(BoundedRocksDb.MEMTABLE_SIZE);
      assertThat(a.arenaBlockSize()).isEqualTo(BoundedRocksDb.ARENA_BLOCK);
      assertThat(a.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
      assertThat(a.enableBlobFiles()).isTrue();
      assertThat(a.minBlobSize()).isEqualTo(BoundedRocksDb.MIN_BLOB_SIZE);
      assertThat(a.enableBlobGarbageCollection()).isTrue();
      BlockBasedTableConfig table = (BlockBasedTableConfig) a.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.blockSize()).isEqualTo(BoundedRocksDb.BLOCK_SIZE);
    }
  }

  @Test
  void shouldChargeTheTopologysStoresToTheSharedCacheWithTheServiceSettings() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putAll(StreamsService.tuning());
    long open;
    try (TopologyTestDriver driver = new TopologyTestDriver(PolicyTopology.build(Clock.systemUTC()), props, T0)) {
      driver.createInputTopic(Topics.TARGETS.name(), Topics.TARGETS.keySerde().serializer(),
          Topics.TARGETS.valueSerde().serializer()).pipeInput(KEY.toString(), new Target(KEY.vendor(), null,
          DocumentDeclaration.of(KEY.document(), "https://acme.example/privacy"), Duration.ofHours(6)));
      String html = "<html><body><h1>Privacy</h1><p>We collect your email address to send you receipts.</p>"
          + "<p>We do not sell your personal information.</p></body></html>";
      driver.createInputTopic(Topics.SNAPSHOTS.name(), Topics.SNAPSHOTS.keySerde().serializer(),
          Topics.SNAPSHOTS.valueSerde().serializer()).pipeInput(KEY.toString(), new Snapshot(KEY.vendor(),
          KEY.document(), "https://acme.example/privacy", SnapshotSource.LIVE, T0, T0, 200, "text/html", "UTF-8",
          null, html.getBytes(StandardCharsets.UTF_8)));
      TestOutputTopic<String, Change> changes = driver.createOutputTopic(Topics.CHANGES.name(),
          Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer());
      // the topology ran: the document's first version was stored and announced
      assertThat(changes.readValuesToList()).hasSize(1);
      open = BoundedRocksDb.cacheUsageBytes();
      // RocksDB itself records the options each store was opened with: large values go to blob files
      Path options;
      try (var files = Files.walk(stateDir.resolve("bounded-rocksdb-test"))) {
        options = files.filter(f -> f.getParent().getFileName().toString().equals(PolicyTopology.VERSION_TEXT_STORE)
            && f.getFileName().toString().startsWith("OPTIONS-")).max(Comparator.naturalOrder()).orElseThrow();
      }
      assertThat(Files.readString(options)).contains("enable_blob_files=true", "min_blob_size=4096",
          "enable_blob_garbage_collection=true");
    }
    // the stores' memtables were charged to the shared cache, and released with them
    assertThat(open).isGreaterThan(BoundedRocksDb.cacheUsageBytes());
  }

  @Test
  void shouldNotFlushAStoreOnEveryWriteWhileManyOtherStoresAreOpen() throws Exception {
    // As an instance with 6 partitions holds them: some 55 stores, most written once in a while.
    java.util.List<Options> options = new java.util.ArrayList<>();
    java.util.List<org.rocksdb.RocksDB> stores = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 55; i++) {
        Options o = new Options().setTableFormatConfig(new BlockBasedTableConfig()).setCreateIfMissing(true);
        new BoundedRocksDb().setConfig("store-" + i, o, Map.of());
        options.add(o);
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, stateDir.resolve("store-" + i).toString());
        stores.add(db);
        for (int k = 0; k < 8; k++) {
          db.put(new byte[] {(byte) k}, new byte[1000]); // past the memtable's first inline block
        }
      }
      byte[] page = new byte[32 * 1024];
      new java.util.Random(7).nextBytes(page);
      org.rocksdb.RocksDB busy = stores.get(0);
      for (int i = 0; i < 200; i++) {
        busy.put(("document-" + i).getBytes(StandardCharsets.UTF_8), page);
      }
      // 200 pages of 32 KiB (6.25 MiB) fit in one memtable: all of them (and the 8 small values before) are still in
      // it, nothing was flushed (with the budget below what the idle stores hold, 35 were left: a flush every few)
      assertThat(busy.getLongProperty("rocksdb.num-entries-active-mem-table")).isEqualTo(200 + 8);
      try (var all = Files.list(stateDir.resolve("store-0"))) {
        assertThat(all.filter(f -> f.toString().endsWith(".blob") || f.toString().endsWith(".sst"))).isEmpty();
      }
    } finally {
      stores.forEach(org.rocksdb.RocksDB::close);
      options.forEach(Options::close);
    }
  }
}
