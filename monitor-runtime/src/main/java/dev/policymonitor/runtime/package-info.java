/** What every service process shares at run time: Kafka clients, topic creation, shutdown order, log context. */
package dev.policymonitor.runtime;
