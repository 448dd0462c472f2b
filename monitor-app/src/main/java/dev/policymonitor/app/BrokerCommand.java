package dev.policymonitor.app;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor broker}: the embedded single-node Kafka broker alone, in the foreground, for services run as
 * separate processes on one machine (tests, fault injection, a laptop). Its data and its ports are kept under
 * {@code --state-dir}, so a restarted broker comes back at the same address. Stops on SIGTERM.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run the embedded single-node Kafka broker alone, its data and ports kept under --state-dir (a "
        + "restart comes back at the same address); prints bootstrap-servers: HOST:PORT. For the services run as "
        + "separate processes on one machine; use a real cluster in production.")
final class BrokerCommand implements Callable<Integer> {
  @Mixin ServiceOptions.State state;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(state.stateDir.resolve("kafka"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("bootstrap-servers: " + broker.bootstrapServers());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "policy-monitor-broker-shutdown"));
    stopped.await();
    return 0;
  }
}
