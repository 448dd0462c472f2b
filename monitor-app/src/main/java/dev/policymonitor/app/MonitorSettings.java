package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.runtime.GroupMembership;
import dev.policymonitor.runtime.TopicLayout;
import dev.policymonitor.runtime.config.ConfigRegistry;
import dev.policymonitor.runtime.config.RuntimeKeys;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.web.WebRoutes;
import dev.policymonitor.web.auth.WebSecuritySettings;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The launcher's configuration registry: every module's {@code POLICY_MONITOR_*} keys, registered once, in the
 * order {@code docs/configuration.md} lists them (a test checks the table against {@link #REGISTRY}).
 */
public final class MonitorSettings {
  public static final ConfigRegistry REGISTRY = ConfigRegistry.builder()
      .add(RuntimeKeys.KEYS)
      .add(GroupMembership.KEYS)
      .add(TopicLayout.KEYS)
      .add(FetcherConfig.KEYS)
      .add(RenderSettings.KEYS)
      .add(WebRoutes.KEYS)
      .add(WebSecuritySettings.KEYS)
      .add(AlertsConfig.KEYS)
      .family(RuntimeKeys.KAFKA)
      .build();

  private MonitorSettings() {}

  /**
   * The settings of this process, from its environment; each unknown {@code POLICY_MONITOR_*} variable is a
   * warning on {@code err}.
   *
   * @throws dev.policymonitor.model.InvalidConfigException naming the first variable with a bad value
   */
  static Settings fromEnvironment(PrintWriter err) {
    Settings settings = Settings.fromSystem(REGISTRY);
    settings.warnings().forEach(w -> err.println("policy-monitor: warning: " + w));
    err.flush();
    return settings;
  }

  /** Settings from a map instead of the environment: tests. */
  public static Settings of(Map<String, String> environment) {
    return Settings.from(REGISTRY, environment);
  }
}
