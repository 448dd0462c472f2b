package dev.policymonitor.fetcher.wayback;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.policymonitor.fetcher.guard.ForbiddenTargetException;
import dev.policymonitor.fetcher.http.LimitedBody;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.net.TargetPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Talks to the Wayback Machine: CDX search ({@code output=json}, one exact URL, 200s only, {@code collapse=digest},
 * paged with resume keys) and raw captures ({@code /web/<timestamp>id_/<url>}). Every request goes through the
 * process-wide {@link WaybackBudget}; a 429 or a refused connection pauses all of them.
 */
public final class WaybackClient {
  static final String FIELDS = "timestamp,original,statuscode,mimetype,digest,length";
  private static final Set<Integer> RETRYABLE = Set.of(413, 421, 500, 502, 503, 504, 599);
  private static final int MAX_REDIRECTS = 5;
  private static final TypeReference<List<List<String>>> ROWS = new TypeReference<>() {};

  private final OkHttpClient client;
  private final HttpUrl base;
  private final String userAgent;
  private final WaybackBudget budget;
  private final WaybackMetrics metrics;
  private final WaybackConfig config;
  private final long maxBodyBytes;

  /** A raw capture as the archive returns it. */
  public record Capture(byte[] body, String contentType) {}

  public WaybackClient(OkHttpClient client, WaybackConfig config, String userAgent, WaybackBudget budget,
      WaybackMetrics metrics, long maxBodyBytes) {
    this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.base = HttpUrl.get(config.baseUrl() + "/");
    this.config = config;
    this.userAgent = userAgent;
    this.budget = budget;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * One page of captures of {@code url}.
   *
   * @param from inclusive 1-14 digit timestamp, or null
   * @param to inclusive 1-14 digit timestamp, or null
   * @param resumeKey the previous page's resume key, or null for the first page
   */
  public CdxPage cdx(String url, String from, String to, String resumeKey) throws IOException, InterruptedException {
    HttpUrl.Builder u = base.newBuilder().addPathSegments("cdx/search/cdx")
        .addQueryParameter("url", url)
        .addQueryParameter("output", "json")
        .addQueryParameter("fl", FIELDS)
        .addQueryParameter("filter", "statuscode:200")
        .addQueryParameter("collapse", "digest")
        .addQueryParameter("limit", Integer.toString(config.pageSize()))
        .addQueryParameter("showResumeKey", "true");
    if (from != null) {
      u.addQueryParameter("from", from);
    }
    if (to != null) {
      u.addQueryParameter("to", to);
    }
    if (resumeKey != null) {
      u.addQueryParameter("resumeKey", resumeKey);
    }
    byte[] body = get(u.build(), WaybackBudget.Endpoint.CDX).body();
    return parse(body);
  }

  /** The capture of {@code row} exactly as archived ({@code id_} mode: no toolbar, no rewritten links). */
  public Capture capture(CdxRow row) throws IOException, InterruptedException {
    HttpUrl u = HttpUrl.get(config.baseUrl() + "/web/" + row.timestamp() + "id_/" + row.original());
    return get(u, WaybackBudget.Endpoint.CONTENT);
  }

  static CdxPage parse(byte[] body) throws IOException {
    if (body.length == 0) {
      return new CdxPage(List.of(), null);
    }
    List<List<String>> rows = Json.mapper().readValue(body, ROWS);
    if (rows.isEmpty()) {
      return new CdxPage(List.of(), null);
    }
    List<String> header = rows.get(0);
    int ts = header.indexOf("timestamp");
    int original = header.indexOf("original");
    int status = header.indexOf("statuscode");
    int mime = header.indexOf("mimetype");
    int digest = header.indexOf("digest");
    int length = header.indexOf("length");
    if (ts < 0 || original < 0 || digest < 0) {
      throw new IOException("CDX answer has no timestamp/original/digest columns: " + header);
    }
    List<CdxRow> out = new ArrayList<>();
    String resumeKey = null;
    for (int i = 1; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      if (r.isEmpty()) {
        if (i + 1 < rows.size() && !rows.get(i + 1).isEmpty()) {
          resumeKey = rows.get(i + 1).get(0);
        }
        break;
      }
      out.add(new CdxRow(r.get(ts), r.get(original), at(r, status), at(r, mime), r.get(digest), at(r, length)));
    }
    return new CdxPage(out, resumeKey);
  }

  private static String at(List<String> row, int i) {
    return i < 0 || i >= row.size() ? null : row.get(i);
  }

  private Capture get(HttpUrl start, WaybackBudget.Endpoint endpoint) throws IOException, InterruptedException {
    String last = "no attempt";
    int lastStatus = 0;
    HttpUrl url = start;
    int redirects = 0;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      budget.acquire(endpoint);
      Request request = new Request.Builder().url(url).header("User-Agent", userAgent)
          .header("Accept-Encoding", "gzip").build();
      try (Response response = client.newCall(request).execute()) {
        int code = response.code();
        if (code == 200) {
          byte[] body = LimitedBody.read(response.body().source(), response.header("Content-Encoding"),
              maxBodyBytes);
          metrics.request(endpoint, "ok");
          budget.succeeded();
          return new Capture(body, response.header("Content-Type"));
        }
        lastStatus = code;
        last = "HTTP " + code;
        HttpUrl location = response.isRedirect() && response.header("Location") != null
            ? url.resolve(response.header("Location")) : null;
        if (location != null && redirects < MAX_REDIRECTS) {
          // Followed by hand so that every hop takes a token from the budget.
          metrics.request(endpoint, "redirect");
          redirects++;
          attempt--;
          url = location;
          continue;
        }
        if (code == 429) {
          metrics.request(endpoint, "throttled");
          budget.pause("HTTP 429 from " + endpoint.tag());
          continue;
        }
        if (RETRYABLE.contains(code)) {
          metrics.request(endpoint, "error");
          backoff(attempt);
          continue;
        }
        metrics.request(endpoint, "rejected");
        throw new WaybackException("Wayback answered HTTP " + code + " for " + url, code);
      } catch (ForbiddenTargetException e) {
        metrics.request(endpoint, "forbidden");
        throw new WaybackException("forbidden target: " + e.reason() + " (" + url + "); the fetcher reaches only "
            + "public addresses; " + TargetPolicy.HOW_TO_ALLOW, 0);
      } catch (ConnectException e) {
        metrics.request(endpoint, "refused");
        last = "connection refused";
        budget.pause("a refused connection (possible firewall block)");
      } catch (LimitedBody.TooLargeException e) {
        metrics.request(endpoint, "too-large");
        throw new WaybackException(e.getMessage() + " at " + url, 200);
      } catch (WaybackException e) {
        throw e;
      } catch (IOException e) {
        metrics.request(endpoint, "error");
        last = e.toString();
        backoff(attempt);
      }
    }
    throw new WaybackException("Wayback request failed after " + config.maxAttempts() + " attempts (" + last
        + "): " + url, lastStatus);
  }

  /** 0, then 1x, 2x, 4x the configured backoff: the EDGI client's schedule. */
  private void backoff(int attempt) throws InterruptedException {
    if (attempt > 1) {
      long ms = config.backoff().toMillis() * (1L << Math.min(attempt - 2, 10));
      TimeUnit.MILLISECONDS.sleep(Math.min(ms, Duration.ofMinutes(5).toMillis()));
    }
  }
}
