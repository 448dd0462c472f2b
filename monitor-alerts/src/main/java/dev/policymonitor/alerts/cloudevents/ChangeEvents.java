package dev.policymonitor.alerts.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.ZoneOffset;

/**
 * Turns a change into a CloudEvents 1.0 event, written in the structured JSON mode: the envelope and the
 * change (as {@code data}) in one JSON document. The {@code data} follows
 * {@code schemas/change-v2.schema.json} (a classpath resource of this module; {@code change-v1.schema.json} beside it
 * describes the events written before v2, which are still on the topic).
 */
public final class ChangeEvents {
  public static final String TYPE = "dev.policymonitor.change.v2";
  public static final URI SOURCE = URI.create("/policy-monitor/streams");
  /** The CloudEvent {@code dataschema}: the {@code $id} of the schema of {@code data}. */
  public static final URI DATA_SCHEMA = URI.create("https://policy-monitor.dev/schemas/change-v2.schema.json");
  public static final String SCHEMA_RESOURCE = "/schemas/change-v2.schema.json";
  /** The Kafka {@code content-type} header value of a structured-mode record. */
  public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE + "; charset=UTF-8";

  private static final JsonFormat FORMAT = new JsonFormat();

  private ChangeEvents() {}

  public static CloudEvent toCloudEvent(Change change) {
    try {
      return CloudEventBuilder.v1()
          .withId(change.changeId())
          .withSource(SOURCE)
          .withType(TYPE)
          .withSubject(change.key())
          .withTime(change.capturedAt().atOffset(ZoneOffset.UTC))
          .withDataContentType("application/json")
          .withDataSchema(DATA_SCHEMA)
          .withData(Json.mapper().writeValueAsBytes(change))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write change " + change.changeId() + " as JSON", e);
    }
  }

  /** The structured JSON bytes of the event of {@code change}. */
  public static byte[] serialize(Change change) {
    return FORMAT.serialize(toCloudEvent(change));
  }

  /** Reads a structured JSON event back (for consumers and tests). */
  public static CloudEvent deserialize(byte[] json) {
    return FORMAT.deserialize(json);
  }
}
