/** The embedded default: a real in-process single-node KRaft Kafka broker. */
package dev.policymonitor.broker;
