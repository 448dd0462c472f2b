package dev.policymonitor.web;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.testing.MutableClock;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.review.ReviewBook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@link KnownHistory} in the whole production topology (so the targets' global store is there too), with
 * acme's target and its extraction rules in {@code policy-targets}, reviews kept in memory on a settable clock, and
 * the workflow routes (reviews, feeds, evidence) served beside the query API, behind real authentication: tokens for
 * a viewer (vera), an editor (eddie) and a feed reader (vera-feed).
 */
final class WorkflowHistory implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final DocumentDeclaration ACME_RULES = new DocumentDeclaration("privacy-policy",
      "https://acme.example/privacy", List.of(Selector.css("main")), List.of(Selector.css(".cookie-banner")),
      List.of(), null, null);

  final KnownHistory history;
  final MutableClock clock = new MutableClock(NOW);
  final ReviewBook reviews;
  final String viewer;
  final String editor;
  final String feed;
  final WebAccess access;

  WorkflowHistory(Path dir) throws Exception {
    history = new KnownHistory(dir.resolve("state"), PolicyTopology.build(Clock.systemUTC()), clock);
    reviews = history.reviews;
    history.harness.input(Topics.TARGETS).pipeInput(KnownHistory.ACME,
        new Target("acme", "Acme", ACME_RULES, Duration.ofHours(6)));
    Path tokens = dir.resolve("web-tokens");
    viewer = TokenStore.add(tokens, "vera", Role.VIEWER, ApiToken.Scope.API, Clock.systemUTC()).token();
    editor = TokenStore.add(tokens, "eddie", Role.EDITOR, ApiToken.Scope.API, Clock.systemUTC()).token();
    feed = TokenStore.add(tokens, "vera-feed", Role.VIEWER, ApiToken.Scope.FEED, Clock.systemUTC()).token();
    access = WebAccess.create(WebSecuritySettings.fromEnvironment(Map.of(
        WebSecuritySettings.TOKENS_FILE_ENV, tokens.toString())), true, Clock.systemUTC());
  }

  /** Serves everything with {@code router} deciding which instance holds which document. */
  URI serve(InstanceRouter router) {
    return history.serve(router, access, access.routes(), InstanceCredentials.NONE);
  }

  @Override
  public void close() {
    history.close();
  }
}
