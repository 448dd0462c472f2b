package dev.policymonitor.runtime;

import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this process's consumers join their groups (the fetcher's, the alerts' and the streams application's).
 *
 * <p>As a <em>static</em> member (Kafka's {@code group.instance.id}, KIP-345) under a name that stays the same across
 * restarts, a process that was killed takes its partitions back the moment it rejoins: no rebalance, no wait for the
 * dead member's session to expire (45 s for Kafka Streams, 15 s for the fetcher, during which nobody polls). The
 * price: while a static member is gone for good its partitions wait out its session timeout, and two live processes
 * must never share a name (the second fences the first). A <em>dynamic</em> member (no name) leaves its group on a
 * clean stop, and after a kill -9 its successor waits for the old session to expire.
 *
 * <p>The name comes from {@link #INSTANCE_ID}; {@code run} and {@code demo} on their embedded broker, which no other
 * process's consumers join, use {@link #EMBEDDED} when it is not set.
 */
public final class GroupMembership {
  public static final ConfigKey<String> INSTANCE_ID = ConfigKey.of("POLICY_MONITOR_INSTANCE_ID",
      ValueType.of("name of letters, digits, '.', '_' and '-' (at most 200)", GroupMembership::checkName), null,
      "fetcher, streams, alerts",
      "A name unique to this instance that stays the same across its restarts (a StatefulSet pod name, a host name): "
          + "its consumers join their groups as static members under it, so after a crash it resumes its partitions "
          + "at once instead of after the session timeout. Unset: dynamic members (run and demo on the embedded "
          + "broker use 'local').");

  /** Every key of this class, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(INSTANCE_ID);

  /** The name {@code run} and {@code demo} use on the embedded broker. */
  public static final String EMBEDDED = "local";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private final String instanceId;

  private GroupMembership(String instanceId) {
    this.instanceId = instanceId;
  }

  /** Members that leave on a clean stop and are forgotten after their session timeout. */
  public static GroupMembership dynamic() {
    return new GroupMembership(null);
  }

  /** A static member named {@code instanceId} in each of its groups. */
  public static GroupMembership staticMember(String instanceId) {
    return new GroupMembership(checkName(instanceId));
  }

  /** Static when {@code instanceId} is present, else dynamic. */
  public static GroupMembership of(Optional<String> instanceId) {
    return instanceId.map(GroupMembership::staticMember).orElseGet(GroupMembership::dynamic);
  }

  public Optional<String> instanceId() {
    return Optional.ofNullable(instanceId);
  }

  /** The settings of a consumer in a group: {@code group.instance.id} for a static member, nothing else. */
  Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>();
    if (instanceId != null) {
      config.put("group.instance.id", instanceId);
    }
    return config;
  }

  /**
   * The settings of a Kafka Streams application: its consumers' {@code group.instance.id} (Streams appends each
   * stream thread's index), for a static member.
   */
  Map<String, Object> streamsConfig() {
    return consumerConfig();
  }

  private static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("must be 1 to 200 letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  @Override
  public String toString() {
    return instanceId == null ? "dynamic" : "static as " + instanceId;
  }
}
