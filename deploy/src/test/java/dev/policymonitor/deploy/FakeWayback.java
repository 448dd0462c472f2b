package dev.policymonitor.deploy;

import dev.policymonitor.model.Digests;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The smallest fake Wayback Machine the fetcher's backfill accepts: CDX search with {@code output=json} and
 * {@code fl} (one archived capture, {@link #TIMESTAMP}, of whatever URL is asked), and that capture raw at
 * {@code /web/<timestamp>id_/<url>}. The full fake (paging, collapse, 429s) is in monitor-fetcher's tests.
 */
final class FakeWayback extends Dispatcher {
  static final String TIMESTAMP = "20240101000000";
  static final String PAGE = "<html><head><title>Privacy Policy</title></head><body><h1>Privacy Policy</h1>"
      + "<p>Archived in 2024: we collect your email address to send you our newsletter.</p></body></html>";

  private final AtomicInteger cdx = new AtomicInteger();
  private final AtomicInteger captures = new AtomicInteger();

  int cdxRequests() {
    return cdx.get();
  }

  int captureRequests() {
    return captures.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (url.encodedPath().equals("/cdx/search/cdx") && "json".equals(url.queryParameter("output"))) {
      cdx.incrementAndGet();
      String original = url.queryParameter("url");
      Map<String, String> row = Map.of("timestamp", TIMESTAMP, "original", original, "statuscode", "200",
          "mimetype", "text/html", "digest", Digests.sha1Base32(PAGE),
          "length", Integer.toString(PAGE.getBytes(StandardCharsets.UTF_8).length));
      List<String> fields = List.of(url.queryParameter("fl").split(","));
      try {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
            .body(Json.mapper().writeValueAsString(List.of(fields, fields.stream().map(row::get).toList()))).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String target = request.getTarget();
    if (target.startsWith("/web/" + TIMESTAMP + "id_/")) {
      captures.incrementAndGet();
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8").body(PAGE)
          .build();
    }
    return new MockResponse.Builder().code(404).body("not archived").build();
  }
}
