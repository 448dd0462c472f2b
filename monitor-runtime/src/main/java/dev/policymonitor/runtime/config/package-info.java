/**
 * The typed configuration registry: every {@code POLICY_MONITOR_*} environment variable declared once
 * ({@link dev.policymonitor.runtime.config.ConfigKey}), registered with the others
 * ({@link dev.policymonitor.runtime.config.ConfigRegistry}) and read, checked, in one place
 * ({@link dev.policymonitor.runtime.config.Settings}).
 */
package dev.policymonitor.runtime.config;
