package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;

/**
 * What change detection publishes, in order: a new latest version (to {@code policy-versions}) or a change event (to
 * {@code policy-changes}). Each knows its sink and how it is written there, so the processor forwards it typed.
 */
public sealed interface Detected {

  /** The name of the topology sink this output goes to. */
  String sink();

  /** The record value as the sink's topic stores it. */
  byte[] serialize(String topic);

  /** A new latest version of a document. */
  record NewVersion(Version version) implements Detected {
    @Override
    public String sink() {
      return PolicyTopology.VERSIONS_SINK;
    }

    @Override
    public byte[] serialize(String topic) {
      return Topics.VERSIONS.valueSerde().serializer().serialize(topic, version);
    }
  }

  /** A change event. */
  record NewChange(Change change) implements Detected {
    @Override
    public String sink() {
      return PolicyTopology.CHANGES_SINK;
    }

    @Override
    public byte[] serialize(String topic) {
      return Topics.CHANGES.valueSerde().serializer().serialize(topic, change);
    }
  }
}
