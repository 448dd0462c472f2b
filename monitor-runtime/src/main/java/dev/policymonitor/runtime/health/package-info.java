/**
 * What the parts of a service say about themselves, for {@code /health}: each long-running loop, each delivery
 * channel and the streams application is a {@link dev.policymonitor.runtime.health.HealthIndicator}.
 */
package dev.policymonitor.runtime.health;
