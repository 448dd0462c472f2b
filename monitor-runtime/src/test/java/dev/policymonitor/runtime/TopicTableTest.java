package dev.policymonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.Topic;
import dev.policymonitor.runtime.TopicTable.Rows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The table over Kafka's own mock clients: what it reads, in which order, and how it fails. */
class TopicTableTest {
  private static final String NAME = "policy-test-table";
  private static final Topic<String, String> TOPIC = new Topic<>(NAME, Serdes.String(), Serdes.String(), 2, Map.of());
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final Map<TopicPartition, Long> end = new HashMap<>();

  TopicTableTest() {
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(NAME, List.of(new PartitionInfo(NAME, 0, node, null, null),
        new PartitionInfo(NAME, 1, node, null, null)));
    Map<TopicPartition, Long> beginning = Map.of(new TopicPartition(NAME, 0), 0L, new TopicPartition(NAME, 1), 0L);
    consumer.updateBeginningOffsets(beginning);
    end.putAll(beginning);
    consumer.updateEndOffsets(end);
  }

  private TopicTable<String, String> table(Rows rows) {
    return new TopicTable<>(TOPIC, rows, consumer, producer);
  }

  /** A record on the topic, visible to the table's next read. */
  private void written(int partition, String key, String value) {
    TopicPartition tp = new TopicPartition(NAME, partition);
    long offset = end.get(tp);
    end.put(tp, offset + 1);
    consumer.updateEndOffsets(Map.of(tp, offset + 1));
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(NAME, partition, offset,
        bytes(key), bytes(value))));
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadToTheEndKeepingTheLatestValueOfEachKeyAndApplyingTombstones() {
    written(0, "slack/a", "1");
    written(1, "slack/b", "1");
    written(0, "slack/a", "2");
    written(1, "slack/b", null);
    TopicTable<String, String> table = table(Rows.BY_KEY);

    table.catchUp(TIMEOUT);

    assertThat(table.get("slack/a")).contains("2");
    assertThat(table.contains("slack/b")).isFalse();
    assertThat(table.values()).containsExactly("2");
  }

  @Test
  void shouldReadOnlyWhatIsNewOnTheNextCatchUp() {
    written(0, "a", "1");
    TopicTable<String, String> table = table(Rows.BY_KEY);
    table.catchUp(TIMEOUT);
    written(1, "b", "2");
    written(0, "a", null);

    table.catchUp(TIMEOUT);

    assertThat(table.values()).containsExactly("2");
  }

  @Test
  void shouldKeepEveryRecordOfALogInOffsetOrder() {
    written(0, "defensx/privacy-policy", "first");
    written(0, "defensx/privacy-policy", "second");
    written(0, "defensx/privacy-policy", null);
    TopicTable<String, String> table = table(Rows.BY_RECORD);

    table.catchUp(TIMEOUT);

    assertThat(table.values()).containsExactly("first", "second");
  }

  @Test
  void shouldSkipARecordItCannotDecodeAndReadTheRest() {
    Topic<String, Integer> numbers = new Topic<>(NAME, Serdes.String(), Serdes.Integer(), 2, Map.of());
    TopicPartition tp = new TopicPartition(NAME, 0);
    consumer.updateEndOffsets(Map.of(tp, 2L));
    consumer.schedulePollTask(() -> {
      consumer.addRecord(new ConsumerRecord<>(NAME, 0, 0, bytes("bad"), bytes("not four bytes")));
      consumer.addRecord(new ConsumerRecord<>(NAME, 0, 1, bytes("good"), new byte[] {0, 0, 0, 7}));
    });
    TopicTable<String, Integer> table = new TopicTable<>(numbers, Rows.BY_KEY, consumer, producer);

    table.catchUp(TIMEOUT);

    assertThat(table.get("good")).contains(7);
    assertThat(table.contains("bad")).isFalse();
  }

  @Test
  void shouldFailClearlyWhenTheEndIsNotReachedInTime() {
    written(0, "a", "1");
    consumer.updateEndOffsets(Map.of(new TopicPartition(NAME, 0), 5L)); // records 1-4 never arrive
    TopicTable<String, String> table = table(Rows.BY_KEY);

    assertThatThrownBy(() -> table.catchUp(Duration.ofMillis(300)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read " + NAME + " to its end within 0 s");
    assertThat(table.get("a")).as("what was read is kept").contains("1");
  }

  @Test
  void shouldFailClearlyWhenTheTopicDoesNotExist() {
    Topic<String, String> missing = new Topic<>("policy-missing", Serdes.String(), Serdes.String(), 1, Map.of());
    TopicTable<String, String> table = new TopicTable<>(missing, Rows.BY_KEY, consumer, producer);

    assertThatThrownBy(() -> table.catchUp(TIMEOUT)).isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot read policy-missing: the topic does not exist");
  }

  @Test
  void shouldFailClearlyWhenTheClusterDoesNotAnswer() {
    consumer.setPollException(new TimeoutException("Timeout of 5000ms expired before the position was determined"));
    written(0, "a", "1");
    TopicTable<String, String> table = table(Rows.BY_KEY);

    assertThatThrownBy(() -> table.catchUp(TIMEOUT)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read " + NAME + " within 5 s: Timeout of 5000ms expired");
  }

  @Test
  void shouldShowAWriteOnceTheBrokerAcknowledgedIt() {
    TopicTable<String, String> table = table(Rows.BY_KEY);

    table.put("slack/c1", "delivered");
    table.removeAll(List.of("slack/c0"));

    assertThat(table.get("slack/c1")).contains("delivered");
    assertThat(producer.history()).extracting(r -> r.value() == null ? null : new String(r.value(),
        StandardCharsets.UTF_8)).containsExactly("delivered", null);
  }

  @Test
  void shouldLeaveTheTableUnchangedWhenAWriteFails() {
    MockProducer<byte[], byte[]> failing =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    TopicTable<String, String> table = new TopicTable<>(TOPIC, Rows.BY_KEY, consumer, failing);
    Thread broker = new Thread(() -> {
      while (!failing.errorNext(new TimeoutException("broker away"))) {
        Thread.onSpinWait();
      }
    });
    broker.start();

    assertThatThrownBy(() -> table.put("slack/c1", "delivered")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot write slack/c1 to " + NAME).hasMessageContaining("broker away");
    assertThat(table.contains("slack/c1")).isFalse();
  }

  @Test
  void shouldNotLetAnOlderRecordHideAnUpdateThisInstanceMade() {
    MockProducer<byte[], byte[]> slow =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    TopicTable<String, String> table = new TopicTable<>(TOPIC, Rows.BY_KEY, consumer, slow);
    written(0, "acme/privacy", "old");

    table.update("acme/privacy", previous -> "new");
    table.catchUp(TIMEOUT);
    assertThat(table.get("acme/privacy")).as("while the write is in flight").contains("new");

    slow.completeNext();
    written(0, "acme/privacy", "newer, from another instance");
    table.catchUp(TIMEOUT);
    assertThat(table.get("acme/privacy")).contains("newer, from another instance");
  }

  @Test
  void shouldApplyWritesAtOnceInMemory() {
    TopicTable<String, String> table = TopicTable.inMemory(TOPIC, Rows.BY_RECORD);

    table.put("k", "one");
    table.put("k", "two");
    table.catchUp(TIMEOUT);

    assertThat(table.values()).containsExactly("one", "two");
  }

  @Test
  void shouldRefuseWritesWhenOpenedWithoutAProducer() {
    TopicTable<String, String> table = new TopicTable<>(TOPIC, Rows.BY_KEY, consumer, null);

    assertThatThrownBy(() -> table.put("k", "v")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(NAME + " was opened read-only");
    assertThat(table.contains("k")).isFalse();
  }
}
