package dev.policymonitor.fetcher.render;

import dev.policymonitor.fetcher.guard.TargetGuard;
import dev.policymonitor.model.net.TargetPolicy;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fetcher's SSRF guard for the headless browser: the page's navigation, each redirect hop and every sub-request
 * (scripts, styles, XHR, frames) are held to the same {@link TargetPolicy} as the plain fetcher, on the name and on
 * every address it resolves to. {@code data:}, {@code blob:} and {@code about:} URLs need no network and pass; any
 * other scheme but http and https is refused.
 *
 * <p>Weaker than the plain fetcher's guard in one way: Chromium resolves names itself, so the address checked here
 * is resolved by the JVM just before the browser resolves it again; a DNS answer that changes between the two (DNS
 * rebinding) is not pinned. Redirect hops are checked as the browser issues them (see {@link PageSlot}).
 */
public final class TargetRequestGuard implements RequestGuard {
  private static final Set<String> NO_NETWORK = Set.of("data", "blob", "about");

  private final TargetGuard guard;

  public TargetRequestGuard(TargetGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  public TargetRequestGuard(TargetPolicy policy) {
    this(new TargetGuard(policy));
  }

  @Override
  public Verdict check(Request request) {
    String scheme = request.url().getScheme() == null ? "" : request.url().getScheme().toLowerCase(Locale.ROOT);
    if (NO_NETWORK.contains(scheme)) {
      return Verdict.ALLOW;
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Verdict.refuse(request.url() + " is neither http nor https");
    }
    Optional<String> refusal = guard.refusal(request.url());
    return refusal.map(Verdict::refuse).orElse(Verdict.ALLOW);
  }
}
