package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to fetch and extract one document of a vendor.
 *
 * @param type document type, e.g. {@code privacy-policy}
 * @param select parts of the page that hold the policy; empty means generic main-content extraction
 * @param remove parts to drop inside the selection
 * @param filters names of OTA JavaScript filters; policy-monitor cannot run them and says so
 * @param render {@code browser} to render the page in a headless browser, {@code static} never to; null (the
 *     default) fetches it plainly and renders it only if the plain page is a JavaScript shell. Open Terms
 *     Archive's {@code executeClientScripts: true} is read as {@code browser}.
 * @param pollInterval how often to check the live URL; null means the vendor's or the global default
 * @param paused true when the document stays tracked (its rules, history and settings kept) but is not polled;
 *     null (never false, so files and events stay as they were) otherwise
 * @param ignore sentence patterns whose changes never alert ({@link IgnoreRules}); not extraction rules, so not
 *     part of {@link #rulesDigest()}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DocumentDeclaration(
    String type,
    String url,
    List<Selector> select,
    List<Selector> remove,
    List<String> filters,
    @JsonAlias("executeClientScripts") RenderMode render,
    Duration pollInterval,
    Boolean paused,
    List<IgnoreRule> ignore) {

  public DocumentDeclaration {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    select = select == null ? List.of() : List.copyOf(select);
    remove = remove == null ? List.of() : List.copyOf(remove);
    filters = filters == null ? List.of() : List.copyOf(filters);
    paused = Boolean.TRUE.equals(paused) ? Boolean.TRUE : null;
    ignore = ignore == null ? List.of() : List.copyOf(ignore);
  }

  /** A declaration that is polled and has no ignore rules. */
  public DocumentDeclaration(String type, String url, List<Selector> select, List<Selector> remove,
      List<String> filters, RenderMode render, Duration pollInterval) {
    this(type, url, select, remove, filters, render, pollInterval, null, List.of());
  }

  public static DocumentDeclaration of(String type, String url) {
    return new DocumentDeclaration(type, url, List.of(), List.of(), List.of(), null, null);
  }

  /** True when the document is tracked but not polled. */
  public boolean pollingPaused() {
    return Boolean.TRUE.equals(paused);
  }

  public DocumentDeclaration withPaused(boolean nowPaused) {
    return new DocumentDeclaration(type, url, select, remove, filters, render, pollInterval, nowPaused,
        ignore);
  }

  /** The ignore rules as one matcher. */
  public IgnoreRules ignoreRules() {
    return new IgnoreRules(ignore);
  }

  /** A digest of the extraction rules, so a version knows which rules produced it. */
  public String rulesDigest() {
    return Digests.sha1Base32(select + "|" + remove + "|" + filters).substring(0, 12);
  }
}
