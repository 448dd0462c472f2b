package dev.policymonitor.fetcher.http;

import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.fetcher.guard.ForbiddenTargetException;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.net.TargetPolicy;
import dev.policymonitor.runtime.HttpStatusPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One attempt at fetching the live page of a tracked document with the shared OkHttp client: conditional GET,
 * gzip/deflate, a decompressed size cap, accepted content types, charset resolution and the declared
 * {@code Content-Language}. No retry, no rate limit:
 * {@link dev.policymonitor.fetcher.PoliteFetcher} adds those.
 */
public final class PolicyFetcher {
  /** A server's {@code Retry-After} is honoured up to a day: it may push the next check back, never park it. */
  private static final HttpStatusPolicy STATUS = HttpStatusPolicy.withDefaults();
  /** OkHttp's limit on redirects (and other follow-ups) of one call. */
  private static final int MAX_REDIRECTS = 20;

  private final OkHttpClient client;
  private final String userAgent;
  private final long maxBodyBytes;
  private final Clock clock;

  public PolicyFetcher(OkHttpClient client, String userAgent, long maxBodyBytes, Clock clock) {
    this.client = client;
    this.userAgent = userAgent;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  public FetchResult fetch(Target target, Validators previous) {
    Request.Builder request = new Request.Builder().url(target.url())
        .header("User-Agent", userAgent)
        .header("Accept", "text/html,application/xhtml+xml,text/plain,text/markdown,application/pdf;q=0.9,*/*;q=0.1")
        .header("Accept-Encoding", "gzip, deflate");
    if (previous != null && previous.etag() != null) {
      request.header("If-None-Match", previous.etag());
    }
    if (previous != null && previous.lastModified() != null) {
      request.header("If-Modified-Since", previous.lastModified());
    }
    Hops hops = Hops.on(request);
    Instant started = clock.instant();
    try (Response response = client.newCall(request.build()).execute()) {
      String finalUrl = response.request().url().toString();
      int code = response.code();
      if (code == 304) {
        Validators v = validators(response, previous);
        return new FetchResult.NotModified(finalUrl, v);
      }
      if (!response.isSuccessful()) {
        return httpError(target, response);
      }
      String essence = ContentTypes.essence(response.header("Content-Type"));
      if (essence != null && !ContentTypes.accepted(essence)) {
        return failed(target, FetchErrorKind.UNSUPPORTED_TYPE, code, false,
            "unsupported-type: " + essence + " is not HTML, XHTML, plain text, Markdown or PDF", null);
      }
      String declaredLength = response.header("Content-Length");
      String encoding = response.header("Content-Encoding");
      if (encoding == null && declaredLength != null && parseLong(declaredLength) > maxBodyBytes) {
        return failed(target, FetchErrorKind.TOO_LARGE, code, false,
            "Content-Length " + declaredLength + " is over the cap of " + maxBodyBytes + " bytes", null);
      }
      byte[] body = LimitedBody.read(response.body().source(), encoding, maxBodyBytes);
      String type = essence != null ? essence : ContentTypes.sniff(body);
      String charset = null;
      if (ContentTypes.isText(type)) {
        var mediaType = response.body().contentType();
        charset = CharsetResolver.resolve(mediaType == null ? null : mediaType.parameter("charset"), body);
      }
      Snapshot snapshot = new Snapshot(target.vendor(), target.declaration().type(), finalUrl, SnapshotSource.LIVE,
          started, clock.instant(), code, type, charset, null, body, contentLanguage(response));
      return new FetchResult.Fetched(snapshot, validators(response, null));
    } catch (LimitedBody.TooLargeException e) {
      return failed(target, FetchErrorKind.TOO_LARGE, 200, false, e.getMessage(), null);
    } catch (LimitedBody.UnsupportedEncodingException e) {
      return failed(target, FetchErrorKind.UNSUPPORTED_TYPE, 200, false, e.getMessage(), null);
    } catch (IOException e) {
      return ioError(target, e, hops);
    }
  }

  /**
   * A call that ended without an answer, classed: a refused target, a redirect loop and a TLS failure are
   * permanent for this check (another attempt would end the same way); an unknown host is not retried either; a
   * timeout or a broken connection may be transient.
   */
  private FetchResult ioError(Target target, IOException e, Hops hops) {
    ForbiddenTargetException forbidden = ForbiddenTargetException.in(e);
    if (forbidden != null) {
      String via = hops.last() == null ? "" : " (reached by a redirect from " + hops.last() + ")";
      return failed(target, FetchErrorKind.FORBIDDEN_TARGET, 0, false, "forbidden target: " + forbidden.reason()
          + via + "; the fetcher reaches only public addresses; " + TargetPolicy.HOW_TO_ALLOW, null);
    }
    if (e instanceof ProtocolException && String.valueOf(e.getMessage()).startsWith("Too many follow-up requests")) {
      return failed(target, FetchErrorKind.TOO_MANY_REDIRECTS, 0, false, "too many redirects (more than "
          + MAX_REDIRECTS + "), usually a redirect loop, starting at " + target.url(), null);
    }
    if (e instanceof UnknownHostException) {
      return failed(target, FetchErrorKind.DNS, 0, true, "unknown host: " + e.getMessage(), null);
    }
    if (e instanceof SSLException) {
      return failed(target, FetchErrorKind.TLS, 0, false, "TLS: " + e.getMessage(), null);
    }
    if (e instanceof SocketTimeoutException) {
      boolean connect = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect");
      return failed(target, FetchErrorKind.TIMEOUT, 0, true, connect
          ? "timeout: no connection within the connect timeout (" + client.connectTimeoutMillis() + " ms)"
          : "timeout: the server sent nothing for longer than the read timeout (" + client.readTimeoutMillis()
              + " ms)", null);
    }
    if (e instanceof InterruptedIOException) {
      return failed(target, FetchErrorKind.TIMEOUT, 0, true, "timeout: no complete answer within the call timeout ("
          + client.callTimeoutMillis() + " ms); the server answers too slowly", null);
    }
    if (e instanceof ConnectException) {
      return failed(target, FetchErrorKind.CONNECTION, 0, true, "connection refused: " + e.getMessage(), null);
    }
    return failed(target, FetchErrorKind.CONNECTION, 0, true, e.getClass().getSimpleName() + ": " + e.getMessage(),
        null);
  }

  /** The first language of {@code Content-Language} ("de-DE, en" -> "de-DE"), or null. */
  static String contentLanguage(Response response) {
    String header = response.header("Content-Language");
    if (header == null) {
      return null;
    }
    String first = header.split(",", 2)[0].trim();
    return first.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*") ? first : null;
  }

  /** An error status, classed by the monitor's one {@link HttpStatusPolicy}: whether a retry can help, and when. */
  private FetchResult httpError(Target target, Response response) {
    int code = response.code();
    HttpStatusPolicy.Decision decision = STATUS.decide(code, response.header("Retry-After"), clock.instant());
    Duration retryAfter = decision.retryAfter().orElse(null);
    if (code == 403 || code == 406 || code == 429) {
      return failed(target, FetchErrorKind.BLOCKED, code, decision.retryable(), "HTTP " + code + " (blocked)",
          retryAfter);
    }
    if (code >= 500) {
      return failed(target, FetchErrorKind.HTTP_5XX, code, decision.retryable(), "HTTP " + code, retryAfter);
    }
    return failed(target, FetchErrorKind.HTTP_4XX, code, decision.retryable(), "HTTP " + code, retryAfter);
  }

  private static Validators validators(Response response, Validators fallback) {
    String etag = response.header("ETag");
    String lastModified = response.header("Last-Modified");
    if (etag == null && lastModified == null && fallback != null) {
      return fallback;
    }
    return new Validators(etag, lastModified);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private FetchResult failed(Target t, FetchErrorKind kind, int status, boolean mayBeTransient, String message,
      Duration retryAfter) {
    return new FetchResult.Failed(new FetchError(t.vendor(), t.declaration().type(), t.url(), SnapshotSource.LIVE,
        kind, status, 1, mayBeTransient, message, clock.instant()), retryAfter);
  }
}
