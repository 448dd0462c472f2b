/**
 * The embedded default: a real in-process single-node KRaft Kafka broker; and KRaft nodes as processes of their own
 * ({@link dev.policymonitor.broker.ClusterNodeMain}), one alone or three as a cluster, as the fault-injection suite
 * runs them.
 */
package dev.policymonitor.broker;
