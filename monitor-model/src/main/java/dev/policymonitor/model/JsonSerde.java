package dev.policymonitor.model;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde that writes one record type as JSON with {@link Json#mapper()}. */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return Json.mapper().writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " for topic " + topic, e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(data, type);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic, e);
    }
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // nothing to configure: the mapper is fixed
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
