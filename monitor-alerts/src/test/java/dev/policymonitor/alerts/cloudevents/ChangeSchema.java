package dev.policymonitor.alerts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The checked-in JSON Schema of the CloudEvents' {@code data}, loaded with networknt json-schema-validator. */
public final class ChangeSchema {
  private static final JsonSchema SCHEMA = load();

  private ChangeSchema() {}

  private static JsonSchema load() {
    try (InputStream in = ChangeSchema.class.getResourceAsStream(ChangeEvents.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(ChangeEvents.SCHEMA_RESOURCE + " is not on the classpath");
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Set<ValidationMessage> validate(JsonNode data) {
    return SCHEMA.validate(data);
  }

  public static JsonNode schemaJson() {
    return SCHEMA.getSchemaNode();
  }
}
