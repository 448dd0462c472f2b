package dev.policymonitor.web.evidence;

import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Review;
import dev.policymonitor.web.DocumentRelay;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.Guarded.InstanceSilent;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.QueryService;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.RequestParams;
import dev.policymonitor.web.http.RequestParams.BadRequest;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import dev.policymonitor.web.review.ReviewBook;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One change as evidence, a download ({@code Content-Disposition: attachment}):
 * <pre>
 * GET /api/evidence/{vendor}/{document}/{changeId}.html   self-contained HTML
 * GET /api/evidence/{vendor}/{document}/{changeId}.pdf    the same as PDF
 * GET /api/evidence/{vendor}/{document}/{changeId}.json   the data (change, versions, diff, rules), for programs
 * </pre>
 * The data comes from the instance holding the document (as JSON when that is another one); the file is rendered
 * here, with the review as this instance reads it now and the name of who asked for it.
 */
public final class EvidenceHandler implements WebHandler {
  private static final Pattern FILE = Pattern.compile("([a-z0-9]{1,64})\\.(html|pdf|json)");

  private final QueryService queries;
  private final TargetLookup targets;
  private final ReviewBook reviews;
  private final DocumentRelay relay;
  private final URI publicUrl;
  private final Clock clock;

  /** @param publicUrl the web page's address, for the permalink; null to take the address each request names */
  public EvidenceHandler(QueryService queries, TargetLookup targets, ReviewBook reviews, DocumentRelay relay,
      URI publicUrl, Clock clock) {
    this.queries = queries;
    this.targets = targets;
    this.reviews = reviews;
    this.relay = relay;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    List<String> path = RequestParams.of(exchange.getRequestURI()).segments();
    Matcher file = path.size() == 5 ? FILE.matcher(path.get(4)) : null;
    if (file == null || !file.matches()) {
      HttpResponses.error(exchange, 404, "no such evidence file: the files are "
          + "/api/evidence/{vendor}/{document}/{changeId}.html, .pdf or .json");
      return;
    }
    String key;
    try {
      key = new PolicyKey(path.get(2), path.get(3)).toString();
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    String changeId = file.group(1);
    String format = file.group(2);
    Optional<EvidenceData> data = data(exchange, key, changeId);
    if (data.isEmpty()) {
      HttpResponses.error(exchange, 404, "no such change of " + key + ": " + changeId);
      return;
    }
    if (format.equals("json")) {
      HttpResponses.json(exchange, 200, data.get());
      return;
    }
    Review review;
    try {
      reviews.catchUp();
      review = reviews.get(key, changeId);
    } catch (IllegalStateException e) {
      exchange.setResponseHeader("Retry-After", "5");
      HttpResponses.error(exchange, 503, "the review cannot be read now (Kafka does not answer); try again");
      return;
    }
    Principal who = exchange.principal();
    Evidence evidence = new Evidence(data.get(), review, base(exchange) + "/" + data.get().change().permalink(),
        clock.instant(), who == null ? "anonymous" : who.name());
    String html = EvidenceHtml.render(evidence);
    exchange.setResponseHeader("Content-Disposition", "attachment; filename=\"" + evidence.fileName() + "."
        + format + "\"");
    if (format.equals("pdf")) {
      HttpResponses.send(exchange, 200, "application/pdf", EvidencePdf.render(html));
    } else {
      HttpResponses.send(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The evidence data, from this instance or the one holding the document. */
  private Optional<EvidenceData> data(WebExchange exchange, String key, String changeId) throws IOException {
    Optional<URI> owner = relay.remoteOwner(exchange, key);
    if (owner.isEmpty()) {
      return EvidenceData.gather(queries, targets, key, changeId);
    }
    Forwarder.Response r;
    try {
      r = relay.get(owner.get(), key, "/api/evidence/" + key + "/" + changeId + ".json");
    } catch (IOException e) {
      throw new InstanceSilent("the instance holding " + key + " did not answer");
    }
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() != 200) {
      throw new InstanceSilent("the instance holding " + key + " answered " + r.status());
    }
    return Optional.of(Json.mapper().readValue(r.body(), EvidenceData.class));
  }

  private String base(WebExchange exchange) {
    if (publicUrl != null) {
      return publicUrl.toString().replaceAll("/+$", "");
    }
    return (exchange.isSecure() ? "https" : "http") + "://" + exchange.authority();
  }
}
