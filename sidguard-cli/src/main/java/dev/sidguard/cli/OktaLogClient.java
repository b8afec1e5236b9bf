package dev.sidguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * One GET of /api/v1/logs with Okta's failure modes handled.
 *
 * The credential lives only in request headers (see Credential); no message built here contains
 * it, and a response text that happened to echo it is redacted before it reaches a message. A
 * 401 lets a renewable credential (a service app's access token) fetch a new token once.
 * Redirects are never followed and a Link URL on another origin is refused, so the credential is
 * only ever sent to --org.
 *
 * Pacing: after every response, X-Rate-Limit-Remaining at or below LOW_REMAINING makes the next
 * request wait until X-Rate-Limit-Reset (epoch seconds). A 429 waits until the reset as well.
 * Every wait on a reset is capped at MAX_RESET_WAIT so a wrong clock cannot park the poller.
 * 5xx, timeouts and connection failures retry with exponential backoff (BASE_BACKOFF doubling,
 * capped at MAX_BACKOFF, each delay drawn uniformly from its upper half), MAX_ATTEMPTS in all.
 */
final class OktaLogClient {
  static final int MAX_ATTEMPTS = 6;
  static final int MAX_RATE_LIMITED = 20;
  static final int LOW_REMAINING = 1;
  static final Duration MAX_RESET_WAIT = Duration.ofSeconds(60);
  static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*?rel=\"?next\"?", Pattern.CASE_INSENSITIVE);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One page of events and the cursor to request next. */
  record Page(byte[] body, URI next) {}

  /** Outcome of one attempt, for the request log shown with --verbose. */
  interface Listener {
    void attempt(URI uri, String outcome);
  }

  private final HttpClient http;
  private final URI origin;
  private final Credential credential;
  private final Sleeper sleeper;
  private final Duration requestTimeout;
  private final Listener listener;
  private final Random jitter = new Random();
  private @Nullable Instant notBefore;
  private long rateLimitWaits;

  OktaLogClient(URI origin, Credential credential, HttpClient http, Sleeper sleeper, Duration requestTimeout,
      Listener listener) {
    this.origin = origin;
    this.credential = credential;
    this.http = http;
    this.sleeper = sleeper;
    this.requestTimeout = requestTimeout;
    this.listener = listener;
  }

  /** An HTTP client that never follows redirects, so a credential goes only where it was sent. */
  static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Checks {@code --org}: an absolute http(s) URL with no path; plain http only for loopback. */
  static URI origin(String org) {
    URI u;
    try {
      u = new URI(org.strip());
    } catch (URISyntaxException e) {
      throw new PollException("--org '" + org + "' is not a URL: " + e.getReason());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new PollException("--org '" + org + "' must be an https:// URL such as https://acme.okta.com");
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null
        || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
      throw new PollException("--org '" + org + "' must be the org URL only (scheme, host, port), such as https://acme.okta.com");
    }
    if (scheme.equals("http") && !isLoopback(u.getHost())) {
      throw new PollException("--org '" + org + "': plain http is accepted only for loopback hosts"
          + " (127.0.0.0/8, ::1, localhost); use https");
    }
    return URI.create(scheme + "://" + u.getRawAuthority());
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    boolean v6 = h.startsWith("[") && h.endsWith("]");
    boolean v4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (!v4 && !v6) {
      return false; // a name other than localhost: never resolved, never trusted
    }
    try {
      return InetAddress.getByName(v6 ? h.substring(1, h.length() - 1) : h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The first request of a fresh poll. */
  URI firstPage(Instant since) {
    return origin.resolve("/api/v1/logs?since=" + since + "&limit=1000&sortOrder=ASCENDING");
  }

  long rateLimitWaits() {
    return rateLimitWaits;
  }

  /** GETs {@code uri}, retrying what is worth retrying; returns the page and its next link. */
  Page get(URI uri) throws InterruptedException {
    int failures = 0;
    int limited = 0;
    boolean renewed = false;
    String lastFailure = "";
    while (true) {
      waitForReset();
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .timeout(requestTimeout)
          .header("Accept", "application/json")
          .GET();
      HttpResponse<byte[]> response;
      try {
        credential.authorize(request, "GET", uri);
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        lastFailure = "no response within " + requestTimeout.toMillis() + " ms";
        listener.attempt(uri, lastFailure);
        failures = backoff(uri, ++failures, lastFailure);
        continue;
      } catch (IOException e) {
        lastFailure = "connection failed (" + redact(String.valueOf(e.getMessage())) + ")";
        listener.attempt(uri, lastFailure);
        failures = backoff(uri, ++failures, lastFailure);
        continue;
      }
      int status = response.statusCode();
      listener.attempt(uri, "HTTP " + status);
      noteRateLimit(response, status == 429);
      if (status == 429) {
        if (++limited > MAX_RATE_LIMITED) {
          throw new PollException(uri.getPath() + ": still rate limited (HTTP 429) after " + MAX_RATE_LIMITED
              + " waits; another client may be using this token's share of the /api/v1/logs limit");
        }
        if (notBefore == null) {
          failures = backoff(uri, ++failures, "HTTP 429 without X-Rate-Limit-Reset");
        }
        continue;
      }
      if (status >= 500) {
        lastFailure = "HTTP " + status + oktaError(response.body());
        failures = backoff(uri, ++failures, lastFailure);
        continue;
      }
      if (status == 401 && !renewed && credential.renew()) {
        renewed = true;
        continue;
      }
      if (status == 401) {
        throw new PollException(origin + " rejected the credential (HTTP 401" + oktaError(response.body())
            + "): the token is invalid or expired; use an SSWS API token of an admin with at least read-only"
            + " admin rights, or an OAuth 2.0 access token granted the okta.logs.read scope"
            + (renewed ? "; a freshly fetched service-app token was refused as well" : ""));
      }
      if (status == 403) {
        throw new PollException(origin + " refused to show the System Log (HTTP 403" + oktaError(response.body())
            + "): missing permission; an OAuth 2.0 token needs the okta.logs.read scope granted to its app,"
            + " an SSWS API token must belong to an admin with at least read-only admin rights");
      }
      if (status != 200) {
        throw new PollException(uri.getPath() + ": HTTP " + status + oktaError(response.body()));
      }
      return new Page(response.body(), next(uri, response));
    }
  }

  private int backoff(URI uri, int failures, String why) throws InterruptedException {
    if (failures >= MAX_ATTEMPTS) {
      throw new PollException(origin + uri.getPath() + ": gave up after " + failures + " attempts, the last: "
          + why + "; rerun to resume from the last checkpoint");
    }
    long cap = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(failures - 1, 20));
    sleeper.sleep(Duration.ofMillis(cap / 2 + (long) (jitter.nextDouble() * (cap / 2.0))));
    return failures;
  }

  private void noteRateLimit(HttpResponse<?> response, boolean exceeded) {
    Optional<String> remaining = response.headers().firstValue("X-Rate-Limit-Remaining");
    Optional<String> reset = response.headers().firstValue("X-Rate-Limit-Reset");
    long remainingValue = parse(remaining.orElse(null), Long.MAX_VALUE);
    long resetValue = parse(reset.orElse(null), -1);
    if ((exceeded || remainingValue <= LOW_REMAINING) && resetValue > 0) {
      notBefore = Instant.ofEpochSecond(resetValue);
    } else {
      notBefore = null;
    }
  }

  private void waitForReset() throws InterruptedException {
    Instant until = notBefore;
    if (until == null) {
      return;
    }
    notBefore = null;
    Duration wait = Duration.between(sleeper.now(), until);
    if (wait.compareTo(MAX_RESET_WAIT) > 0) {
      wait = MAX_RESET_WAIT;
    }
    if (!wait.isNegative() && !wait.isZero()) {
      rateLimitWaits++;
      sleeper.sleep(wait);
    }
  }

  private static long parse(@Nullable String value, long absent) {
    if (value == null) {
      return absent;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return absent;
    }
  }

  private URI next(URI current, HttpResponse<?> response) {
    for (String link : response.headers().allValues("Link")) {
      Matcher m = NEXT.matcher(link);
      if (m.find()) {
        URI next;
        try {
          next = current.resolve(new URI(m.group(1).strip()));
        } catch (URISyntaxException e) {
          throw new PollException(current.getPath() + ": the Link rel=\"next\" URL is not a URL: " + e.getReason());
        }
        if (!sameOrigin(next)) {
          throw new PollException(current.getPath() + ": the Link rel=\"next\" URL points to " + next.getScheme()
              + "://" + next.getRawAuthority() + ", not to " + origin + "; refusing to send the credential there");
        }
        return next;
      }
    }
    throw new PollException(current.getPath() + ": response has no Link rel=\"next\" header, so the poll cannot"
        + " continue without losing its place");
  }

  private boolean sameOrigin(URI u) {
    return origin.getScheme().equalsIgnoreCase(String.valueOf(u.getScheme()))
        && origin.getRawAuthority().equalsIgnoreCase(String.valueOf(u.getRawAuthority()));
  }

  /** Okta's errorCode and errorSummary, if the body is an Okta error. */
  private String oktaError(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("errorCode")) {
        String summary = n.path("errorSummary").asText("");
        summary = summary.length() > 200 ? summary.substring(0, 200) + "…" : summary;
        return ", " + redact(n.path("errorCode").asText() + (summary.isEmpty() ? "" : " " + summary));
      }
    } catch (IOException e) {
      // not JSON: the status alone says enough
    }
    return "";
  }

  private String redact(String s) {
    return credential.redact(s);
  }
}
