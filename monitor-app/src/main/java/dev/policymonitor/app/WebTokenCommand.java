package dev.policymonitor.app;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.Role;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor web-token add|list|remove}: the web page's and API's tokens, in the file
 * {@code POLICY_MONITOR_WEB_TOKENS_FILE} names (hashes only; a new token is printed once).
 */
@Command(name = "web-token", mixinStandardHelpOptions = true,
    description = "Manage the tokens of the web page and API (the file POLICY_MONITOR_WEB_TOKENS_FILE names; only "
        + "hashes are kept, a new token is printed once). A running server picks changes up within a second.",
    subcommands = {WebTokenCommand.Add.class, WebTokenCommand.ListTokens.class, WebTokenCommand.Remove.class})
final class WebTokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** The tokens file: {@code --file}, else the environment's. */
  static final class FileOption {
    @Option(names = "--file", paramLabel = "FILE",
        description = "The tokens file (default: $POLICY_MONITOR_WEB_TOKENS_FILE).")
    Path file;

    Path resolve(CommandSpec spec, boolean mustExist) {
      Path f = file;
      if (f == null) {
        f = MonitorSettings.fromEnvironment(spec.commandLine().getErr()).find(WebSecuritySettings.TOKENS_FILE)
            .orElseThrow(() -> new InvalidConfigException("give --file FILE (or set "
                + WebSecuritySettings.TOKENS_FILE_ENV + ")"));
      }
      if (mustExist && !Files.isRegularFile(f)) {
        throw new InvalidConfigException("no tokens file at " + f);
      }
      return f;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Make a token and add its hash to the file (created, owner-readable only, when missing). "
          + "Prints the token alone on stdout, once: it cannot be shown again.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "Who holds it (shown as the user in audit trails): letters, digits, . _ @ + -")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer",
        description = "viewer (read), editor (also change vendors and reviews) or admin (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--feed-only",
        description = "A feed token: reads feeds only, and may be given as ?token= (feed readers cannot send headers).")
    boolean feedOnly;

    @Override
    public Integer call() {
      Role r;
      try {
        r = Role.fromWire(role);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("--role: " + e.getMessage());
      }
      Path f = file.resolve(spec, false);
      TokenStore.Created created = TokenStore.add(f, name, r, feedOnly ? ApiToken.Scope.FEED : ApiToken.Scope.API,
          Clock.systemUTC());
      spec.commandLine().getOut().println(created.token());
      spec.commandLine().getErr().println("web-token: added '" + name + "' (" + r.wire() + ", "
          + created.entry().scope().wire() + ") to " + f + "; the token above is shown only this once");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens' names, roles and scopes.")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Override
    public Integer call() {
      List<ApiToken> tokens = TokenStore.list(file.resolve(spec, true));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-24s %-7s %-5s %s%n", "NAME", "ROLE", "SCOPE", "CREATED");
      for (ApiToken t : tokens) {
        out.printf("%-24s %-7s %-5s %s%n", t.name(), t.role().wire(), t.scope().wire(), t.created());
      }
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a token: it and the page sessions opened with it stop working within a second.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The token's name.")
    String name;

    @Override
    public Integer call() {
      Path f = file.resolve(spec, true);
      if (!TokenStore.remove(f, name)) {
        throw new InvalidConfigException("no token named '" + name + "' in " + f);
      }
      spec.commandLine().getOut().println("web-token: removed '" + name + "' from " + f);
      return 0;
    }
  }
}
