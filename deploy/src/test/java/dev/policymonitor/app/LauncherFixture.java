package dev.policymonitor.app;

import dev.policymonitor.model.VendorsConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Test access to the launcher's package-private {@link Pipeline} and {@link DemoSite}, so the deploy tests run
 * the real services exactly as {@code run} and {@code demo} do.
 */
public final class LauncherFixture implements AutoCloseable {
  private final Pipeline pipeline;

  private LauncherFixture(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Starts fetcher, streams and alerts in this JVM, like {@code run}.
   *
   * @param bootstrapServers a cluster to use, or {@code null} for the in-process broker under {@code stateDir}
   */
  public static LauncherFixture startAll(String bootstrapServers, Path stateDir, VendorsConfig vendors,
      PrintStream out) {
    return startAll(bootstrapServers, stateDir, vendors, out, Map.of());
  }

  /**
   * Starts fetcher, streams and alerts in this JVM, like {@code run} with the {@code POLICY_MONITOR_*} variables
   * of {@code env} (e.g. {@code POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT}) and no other.
   */
  public static LauncherFixture startAll(String bootstrapServers, Path stateDir, VendorsConfig vendors,
      PrintStream out, Map<String, String> env) {
    return new LauncherFixture(Launch.all(MonitorSettings.of(env)).cluster(bootstrapServers).stateDir(stateDir)
        .vendors(vendors).start(out));
  }

  /** The subcommands that run one service alone, by name, and the service each runs. */
  public static Set<String> serviceCommands() {
    return Set.of("fetcher", "streams", "alerts");
  }

  public String httpUrl() {
    return pipeline.httpUrl();
  }

  public String bootstrapServers() {
    return pipeline.clients().bootstrapServers();
  }

  @Override
  public void close() {
    pipeline.close();
  }

  /** The demo's local site: the five seed policies, editable as {@code demo} edits them. */
  public static final class Site implements AutoCloseable {
    private final DemoSite site = DemoSite.start();

    /** The page URL of a vendor; vendors not in {@link #seedVendors()} answer 404. */
    public String url(String vendor) {
      return site.url(vendor);
    }

    public Set<String> seedVendors() {
      return DemoSite.SEEDS.keySet();
    }

    public int hits(String vendor) {
      return site.hits(vendor);
    }

    /** The two edits {@code demo} makes after the first poll (a sale-of-data and an AI-training sentence). */
    public void editLikeTheDemo() {
      DemoCommand.editPolicies(site);
    }

    public Set<String> editedVendors() {
      return Set.of(DemoCommand.CHANGED_VENDOR_SALE, DemoCommand.CHANGED_VENDOR_AI);
    }

    @Override
    public void close() {
      site.close();
    }
  }
}
