package dev.policymonitor.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The RocksDB settings of every state store of the process: one block cache and one write buffer manager shared by
 * all stores, so RocksDB's memory stays within {@link #TOTAL_BYTES} however many stores and partitions the
 * instance holds (Kafka Streams' default is a 50 MiB cache and up to 3 x 16 MiB memtables per store: with 6
 * partitions, 55 stores here, several GiB off-heap at worst). Index and filter blocks live in the cache too, so
 * they count against the bound instead of growing with the data. Blocks are compressed with LZ4 (Kafka Streams'
 * default is none), which halves the state on disk of policy texts and snapshots; values of 4 KiB and more live in
 * blob files, so that compactions do not rewrite every stored page again and again. Named by
 * {@code rocksdb.config.setter} in {@link StreamsService}.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
  /** Off-heap memory of all stores: block cache, index and filter blocks, and memtables. */
  static final long TOTAL_BYTES = 128L << 20;
  /**
   * The share of {@link #TOTAL_BYTES} memtables may take (charged to the same cache). Once the memtables of all stores
   * hold 7/8 of it, every write makes its own store flush, however little that store holds: the budget must stay well
   * above what the idle stores keep (each holds at least one {@link #ARENA_BLOCK} of its memtable, charged in 256 KiB
   * steps), or every write flushes one value into its own file (measured: 4,800 blob files of one 32 KB snapshot
   * each per store, and three times the stream thread's CPU in RocksDB flushes, at 100,000 documents).
   */
  static final long MEMTABLE_BYTES = 64L << 20;
  /** One store's memtable: small stores flush small files, and the manager bounds their sum. */
  static final long MEMTABLE_SIZE = 8L << 20;
  /**
   * The unit a memtable grows by. RocksDB's default is an eighth of the memtable (1 MiB here), which a store holds as
   * soon as it is written once: some 55 stores would hold 55 MiB doing nothing.
   */
  static final long ARENA_BLOCK = 64L << 10;
  /** Policy texts and snapshots are tens of kilobytes: larger blocks than the 4 KiB default, fewer index entries. */
  static final long BLOCK_SIZE = 16L << 10;
  /**
   * Values at least this large (snapshots, policy texts, histories) are written once to blob files and not rewritten
   * by every compaction; the SST files keep only the keys and small values.
   */
  static final long MIN_BLOB_SIZE = 4L << 10;

  static {
    RocksDB.loadLibrary();
  }

  // Shared by every store of the process (Kafka Streams creates one setter per store): never closed by a store.
  private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
  private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_SIZE);
    options.setWriteBufferManager(WRITE_BUFFERS);
    options.setWriteBufferSize(MEMTABLE_SIZE);
    options.setArenaBlockSize(ARENA_BLOCK);
    options.setMaxWriteBufferNumber(2);
    // Kafka Streams writes its stores uncompressed; policy texts and snapshots compress several times over.
    options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    // Large values in blob files: compactions move keys, not whole pages (BENCHMARKS.md), and blob garbage
    // collection reclaims the values of overwritten keys as compaction reaches them.
    options.setEnableBlobFiles(true);
    options.setMinBlobSize(MIN_BLOB_SIZE);
    options.setBlobCompressionType(CompressionType.LZ4_COMPRESSION);
    options.setEnableBlobGarbageCollection(true);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: they live as long as the process.
  }

  /** Bytes held in the shared cache now (blocks, index and filters, and memtables charged to it). */
  public static long cacheUsageBytes() {
    return CACHE.getUsage();
  }
}
