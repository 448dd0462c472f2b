package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.http.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's side of web exposure: a web page bound to the network without authentication is refused
 * before anything starts, HTTP options are checked, and {@code web-token} makes, lists and removes tokens,
 * printing a new token once and keeping only its hash.
 */
class WebExposureCliTest {
  private final CliRun cli = new CliRun();

  @Test
  void shouldRefuseToServeTheWebPageToTheNetworkWithoutAuthenticationBeforeStartingAnything(@TempDir Path state) {
    assertThat(cli.run("run", "--http-bind", "0.0.0.0", "--http-port", "0", "--state-dir", state.toString()))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
    assertThat(cli.err()).contains("without authentication").contains("POLICY_MONITOR_WEB_TOKENS_FILE")
        .contains("POLICY_MONITOR_WEB_AUTH=none").contains("--http-bind 127.0.0.1");
    assertThat(state.resolve("kafka")).as("no broker was started").doesNotExist();
    cli.reset();
    assertThat(cli.run("streams", "--bootstrap-servers", "127.0.0.1:1", "--http-bind", "0.0.0.0", "--http-port", "0"))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
    assertThat(cli.err()).contains("without authentication");
  }

  @Test
  void shouldRefuseTheSamePortForWebAndManagement(@TempDir Path state) {
    assertThat(cli.run("run", "--http-port", "8765", "--management-port", "8765", "--state-dir", state.toString()))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
    assertThat(cli.err()).contains("management port must differ");
  }

  @Test
  void shouldAddListAndRemoveTokensPrintingEachTokenOnce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    assertThat(cli.run("web-token", "add", "--name", "alice", "--role", "editor", "--file", file.toString())).isZero();
    String token = cli.out().strip();
    assertThat(token).startsWith(TokenStore.PREFIX).hasSize(TokenStore.PREFIX.length() + 43);
    assertThat(cli.err()).contains("alice").contains("editor").contains("only this once").doesNotContain(token);
    assertThat(Files.readString(file)).doesNotContain(token).contains("alice editor api sha256:");
    assertThat(TokenStore.open(file).verify(token)).get().extracting(ApiToken::role).isEqualTo(Role.EDITOR);

    cli.reset();
    assertThat(cli.run("web-token", "add", "--name", "reader", "--feed-only", "--file", file.toString())).isZero();
    cli.reset();
    assertThat(cli.run("web-token", "list", "--file", file.toString())).isZero();
    assertThat(cli.out()).contains("alice").contains("editor").contains("reader").contains("feed")
        .doesNotContain("sha256").doesNotContain(token);

    cli.reset();
    assertThat(cli.run("web-token", "add", "--name", "alice", "--file", file.toString()))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
    assertThat(cli.err()).contains("already");
    cli.reset();
    assertThat(cli.run("web-token", "add", "--name", "bob", "--role", "boss", "--file", file.toString()))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
    assertThat(cli.err()).contains("viewer, editor or admin");

    cli.reset();
    assertThat(cli.run("web-token", "remove", "--name", "alice", "--file", file.toString())).isZero();
    assertThat(TokenStore.open(file).verify(token)).isEmpty();
    cli.reset();
    assertThat(cli.run("web-token", "remove", "--name", "alice", "--file", file.toString()))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
  }
}
