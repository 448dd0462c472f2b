package dev.policymonitor.fetcher;

import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Fetches the live page of one tracked document with the shared OkHttp client. */
public final class PolicyFetcher {
  private final OkHttpClient client;
  private final String userAgent;
  private final Clock clock;

  public PolicyFetcher(OkHttpClient client, String userAgent, Clock clock) {
    this.client = client;
    this.userAgent = userAgent;
    this.clock = clock;
  }

  public FetchResult fetch(Target target) {
    Request request = new Request.Builder().url(target.url()).header("User-Agent", userAgent).build();
    Instant started = clock.instant();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        int code = response.code();
        FetchErrorKind kind = code == 403 || code == 406 || code == 429 ? FetchErrorKind.BLOCKED
            : code >= 500 ? FetchErrorKind.HTTP_5XX : FetchErrorKind.HTTP_4XX;
        return failed(target, kind, code, code >= 500 || code == 429, "HTTP " + code);
      }
      ResponseBody body = response.body();
      MediaType type = body.contentType();
      byte[] bytes = body.bytes();
      Instant now = clock.instant();
      return new FetchResult.Fetched(new Snapshot(target.vendor(), target.declaration().type(),
          response.request().url().toString(), SnapshotSource.LIVE, started, now, code(response),
          type == null ? null : type.type() + "/" + type.subtype(),
          type == null || type.charset() == null ? null : type.charset().name(), null, bytes));
    } catch (UnknownHostException e) {
      return failed(target, FetchErrorKind.DNS, 0, true, e.getMessage());
    } catch (SSLException e) {
      return failed(target, FetchErrorKind.TLS, 0, false, e.getMessage());
    } catch (InterruptedIOException e) {
      return failed(target, FetchErrorKind.TIMEOUT, 0, true, e.getMessage());
    } catch (IOException e) {
      return failed(target, FetchErrorKind.CONNECTION, 0, true, e.getMessage());
    }
  }

  private static int code(Response r) {
    return r.code();
  }

  private FetchResult failed(Target t, FetchErrorKind kind, int status, boolean transientError, String message) {
    return new FetchResult.Failed(new FetchError(t.vendor(), t.declaration().type(), t.url(), SnapshotSource.LIVE,
        kind, status, 1, transientError, message, clock.instant()));
  }
}
