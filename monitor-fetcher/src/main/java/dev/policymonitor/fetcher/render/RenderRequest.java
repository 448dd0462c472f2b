package dev.policymonitor.fetcher.render;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Rendering;
import java.util.List;
import java.util.Objects;

/**
 * One page to render.
 *
 * @param waitFor CSS selectors that must all be present before the DOM is taken (the declared {@code select}); when
 *     empty, the page is taken once its body shows some text
 * @param why declared or fallback: the {@code trigger} tag of the render metric
 */
public record RenderRequest(PolicyKey document, String url, List<String> waitFor, String userAgent, Rendering why,
    RequestGuard guard) {
  public RenderRequest {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(why, "why");
    waitFor = waitFor == null ? List.of() : List.copyOf(waitFor);
    guard = guard == null ? RequestGuard.ALLOW_ALL : guard;
  }
}
