package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PollCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "FAKE-TEST-TOKEN-00Abc123xyz";
  private static final int FAIL_AT_REQUEST = 9;
  private static final String CLIENT_ID = "0oaFAKESERVICEAPP";
  private static final String SINCE = "2023-10-17T00:00:00Z";
  private static final int EVENTS = 12_000;
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private List<String> events;
  private Path ndjson;
  private FakeOkta okta;
  private String out = "";
  private String err = "";
  private Duration timeout = Duration.ofSeconds(20);

  /** A clock that moves only when the poller asks to wait; every wait is recorded. */
  static final class FakeClock implements Sleeper {
    long millis = Instant.parse("2023-10-19T00:00:00Z").toEpochMilli();
    final List<Duration> waits = new ArrayList<>();

    @Override
    public Instant now() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public void sleep(Duration d) {
      waits.add(d);
      millis += d.toMillis();
    }
  }

  @BeforeEach
  void serve() throws IOException {
    ndjson = dir.resolve("events.ndjson");
    OktaLogFixture.write(ndjson, EVENTS, 11);
    events = Files.readAllLines(ndjson);
    okta = new FakeOkta(events, "SSWS " + TOKEN, () -> clock.millis);
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void poll_pagedOutOfOrderWithDuplicates_everyEventOnceSameAlertsAsDetect() throws IOException {
    Path alerts = dir.resolve("alerts.jsonl");
    int code = poll("--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once",
        "-o", alerts.toString());
    assertThat(err).contains("poll: " + EVENTS + " events from ").contains(" duplicates dropped");
    List<String> polled = ids(Files.readString(alerts));
    assertThat(polled).isNotEmpty().doesNotHaveDuplicates();
    assertThat(code).isEqualTo(1);
    assertThat(polled).containsExactlyInAnyOrderElementsOf(detectIds());
    assertThat(err).contains(polled.size() + " alerts");
  }

  @Test
  void poll_followsLinkUrlsOnlyAndNeverMovesSince() {
    poll("--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once", "-o",
        dir.resolve("a.jsonl").toString());
    List<FakeOkta.Request> log = okta.requests();
    assertThat(log.get(0).pathAndQuery())
        .isEqualTo("/api/v1/logs?since=" + SINCE + "&limit=1000&sortOrder=ASCENDING");
    for (FakeOkta.Request r : log.subList(1, log.size())) {
      assertThat(okta.issued(r.pathAndQuery())).as("request %s was a Link URL", r.pathAndQuery()).isTrue();
      assertThat(r.pathAndQuery()).contains("since=" + SINCE + "&").doesNotContain("until");
    }
    assertThat(log).allMatch(FakeOkta.Request::authorized);
    assertThat(log.get(log.size() - 1).pathAndQuery()).endsWith("after=" + EVENTS);
  }

  @Test
  void poll_rateLimit_pacesFromHeadersAndWaitsUntilResetOn429() {
    okta.limit = 5;
    okta.fault(3, 429);
    okta.fault(6, 500);
    int code = poll("--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once", "-o",
        dir.resolve("a.jsonl").toString());
    assertThat(code).isEqualTo(1);
    List<FakeOkta.Request> log = okta.requests();
    assertThat(log.get(2).status()).isEqualTo(429);
    assertThat(log.get(3).atMillis() - log.get(2).atMillis())
        .isEqualTo(Duration.ofSeconds(FakeOkta.RESET_AFTER_429_SECONDS).toMillis());
    assertThat(clock.waits).contains(Duration.ofSeconds(FakeOkta.RESET_AFTER_429_SECONDS));
    assertThat(log.get(5).status()).isEqualTo(500);
    long backoff = log.get(6).atMillis() - log.get(5).atMillis();
    assertThat(backoff).isBetween(OktaLogClient.BASE_BACKOFF.toMillis() / 2, OktaLogClient.BASE_BACKOFF.toMillis());
    assertThat(okta.overLimit()).as("requests beyond the advertised limit").isZero();
    assertThat(log.size()).as("requests enough to cross several rate-limit windows").isGreaterThan(2 * okta.limit);
    assertThat(err).contains(EVENTS + " events").contains("rate-limit waits");
  }

  @Test
  void poll_slowResponse_timesOutAndRetriesEveryEventOnce() {
    okta.stallNext.set(true);
    timeout = Duration.ofMillis(300);
    int code = poll("--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once", "--verbose",
        "-o", dir.resolve("a.jsonl").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err).contains("no response within 300 ms").contains("poll: " + EVENTS + " events from ");
    List<FakeOkta.Request> log = okta.requests();
    assertThat(log).filteredOn(r -> r.status() == 0).hasSize(1);
    assertThat(log).filteredOn(r -> r.pathAndQuery().endsWith("ASCENDING")).hasSize(2);
  }

  @Test
  void poll_restartAfterCaughtUpMidway_resumesAtCursorEveryEventOnceNoDuplicateAlert() throws IOException {
    Path state = dir.resolve("state");
    Path alerts = dir.resolve("alerts.jsonl");
    okta.available = 5_000;
    String[] args = {"--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once",
        "--state", state.toString(), "-o", alerts.toString()};
    poll(args);
    assertThat(err).contains("poll: 5000 events from ");
    okta.available = EVENTS;
    int before = okta.requests().size();
    poll(args);
    assertThat(err).contains("resuming from the checkpoint").contains("poll: " + (EVENTS - 5000) + " events from ");
    assertThat(okta.requests().get(before).pathAndQuery()).endsWith("after=5000");
    List<String> polled = ids(Files.readString(alerts));
    assertThat(polled).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(detectIds());
  }

  @Test
  void poll_crashOnRepeated500_exitTwoThenRerunResumesWithoutLossOrRepeat() throws IOException {
    Path state = dir.resolve("state");
    String[] args = {"--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once",
        "--state", state.toString()};
    okta.failFrom = 8;
    int code = poll(args);
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("gave up after " + OktaLogClient.MAX_ATTEMPTS + " attempts").contains("HTTP 500")
        .contains("rerun to resume");
    String firstOut = out;
    okta.failFrom = Integer.MAX_VALUE;
    assertThat(poll(args)).isEqualTo(1);
    List<String> polled = new ArrayList<>(ids(firstOut));
    polled.addAll(ids(out));
    assertThat(polled).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(detectIds());
    Matcher m = Pattern.compile("poll: (\\d+) events from").matcher(err);
    assertThat(m.find()).isTrue();
    long secondRun = Long.parseLong(m.group(1));
    assertThat(secondRun).isLessThan(EVENTS).isGreaterThan(0);
    // the first run checkpointed after each full page before the failures: 7 pages of 1000
    assertThat(secondRun).isEqualTo(EVENTS - 7_000);
  }

  @Test
  void poll_failureAfterAlertsWrittenBeforeCheckpoint_rerunCutsBackAndRepeatsNoAlert() throws IOException {
    Path state = dir.resolve("state");
    Path alerts = dir.resolve("alerts.jsonl");
    String[] args = {"--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once",
        "--state", state.toString(), "-o", alerts.toString()};
    Path blocker = state.resolve("poll-checkpoint.json.tmp");
    long[] checkpointed = {-1};
    okta.onRequest = n -> {
      if (n == FAIL_AT_REQUEST) { // page n-1 is checkpointed; writing page n's checkpoint will fail
        try {
          checkpointed[0] = Files.size(alerts);
          Files.createDirectories(blocker.resolve("x"));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    assertThat(poll(args)).as("checkpoint write fails after the page's alerts were written").isEqualTo(2);
    assertThat(Files.size(alerts)).as("alerts of the failed page reached the file").isGreaterThan(checkpointed[0]);
    okta.onRequest = n -> {};
    Files.delete(blocker.resolve("x"));
    Files.delete(blocker);
    assertThat(poll(args)).isEqualTo(1);
    assertThat(err).contains("resuming from the checkpoint")
        .contains("poll: " + (EVENTS - (FAIL_AT_REQUEST - 1) * 1000) + " events from ");
    assertThat(ids(Files.readString(alerts))).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(detectIds());
  }

  @Test
  void poll_unauthorized_exitTwoNamingThePermissionTokenNowhere() throws IOException {
    Path state = dir.resolve("state");
    Path alerts = dir.resolve("alerts.jsonl");
    int code = poll(Map.of("OKTA_TEST_TOKEN", TOKEN + "-wrong"), "--org", okta.url(), "--token-env",
        "OKTA_TEST_TOKEN", "--once", "--verbose", "--state", state.toString(), "-o", alerts.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("HTTP 401").contains("okta.logs.read").contains("read-only admin");
    assertNoToken(TOKEN, state, alerts);
    okta.forbidden = 403;
    code = poll("--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--auth", "ssws", "--once", "--verbose",
        "--state", state.toString(), "-o", alerts.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("HTTP 403").contains("missing permission").contains("okta.logs.read");
    assertNoToken(TOKEN, state, alerts);
  }

  @Test
  void poll_successWithVerboseAndState_tokenNowhere() throws IOException {
    Path state = dir.resolve("state");
    Path alerts = dir.resolve("alerts.jsonl");
    okta.fault(2, 500);
    poll("--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE, "--once", "--verbose",
        "--state", state.toString(), "-o", alerts.toString());
    assertThat(err).contains("poll: GET /api/v1/logs?").contains("HTTP 500");
    assertNoToken(TOKEN, state, alerts);
  }

  @Test
  void poll_missingTokenVariable_exitTwoNamingTheVariable() {
    int code = poll(Map.of(), "--org", okta.url(), "--token-env", "NO_SUCH_VAR", "--once");
    assertThat(code).isEqualTo(2);
    assertThat(err.strip()).startsWith("poll: environment variable NO_SUCH_VAR is not set or empty");
    assertThat(okta.requests()).isEmpty();
  }

  @Test
  void poll_plainHttpToNonLoopback_refusedBeforeAnyRequest() {
    for (String org : List.of("http://acme.okta.com", "http://10.0.0.1:8080", "http://localhost.evil.example")) {
      assertThat(poll("--org", org, "--token-env", "OKTA_TEST_TOKEN", "--once")).isEqualTo(2);
      assertThat(err).contains("plain http is accepted only for loopback hosts");
      assertThat(err.contains(TOKEN)).isFalse();
    }
    assertThat(OktaLogClient.isLoopback("127.1.2.3")).isTrue();
    assertThat(OktaLogClient.isLoopback("[::1]")).isTrue();
    assertThat(OktaLogClient.isLoopback("localhost")).isTrue();
  }

  @Test
  void poll_bearerAccessToken_sentAsBearerEveryEventOnce() throws IOException {
    okta.close();
    okta = new FakeOkta(events, "Bearer " + TOKEN, () -> clock.millis);
    Path alerts = dir.resolve("alerts.jsonl");
    int code = poll("--org", okta.url(), "--auth", "bearer", "--token-env", "OKTA_TEST_TOKEN", "--since", SINCE,
        "--once", "-o", alerts.toString());
    assertThat(code).isEqualTo(1);
    assertThat(okta.requests()).allMatch(FakeOkta.Request::authorized);
    assertThat(ids(Files.readString(alerts))).containsExactlyInAnyOrderElementsOf(detectIds());
  }

  @Test
  void poll_withoutOnce_keepsPollingEveryIntervalAndPicksUpNewEvents() throws IOException {
    okta.available = 4_000;
    Path alerts = dir.resolve("alerts.jsonl");
    List<Duration> pauses = new ArrayList<>();
    Sleeper continuous = new Sleeper() {
      @Override
      public Instant now() {
        return clock.now();
      }

      @Override
      public void sleep(Duration d) throws InterruptedException {
        clock.sleep(d);
        if (d.equals(Duration.ofMinutes(2))) {
          pauses.add(d);
          if (pauses.size() == 3) {
            throw new InterruptedException("test ends the loop");
          }
          okta.available = Math.min(EVENTS, okta.available + 4_000);
        }
      }
    };
    poll(Map.of("OKTA_TEST_TOKEN", TOKEN), continuous, "--org", okta.url(), "--token-env", "OKTA_TEST_TOKEN",
        "--since", SINCE, "--interval", "2m", "-o", alerts.toString());
    assertThat(pauses).hasSize(3);
    assertThat(ids(Files.readString(alerts))).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(detectIds());
  }

  @Test
  void poll_serviceAppPrivateKeyJwt_retriesA429OneTokenEveryEventOnceKeyAndTokenNowhere() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    FakeServiceApp app = new FakeServiceApp(CLIENT_ID, new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).build(),
        false, 3600);
    okta.serviceApp(app);
    app.rateLimitedTokenRequests = 1;
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Path state = dir.resolve("state");
    Path alerts = dir.resolve("alerts.jsonl");
    int code = poll(Map.of("OKTA_KEY", pem), "--org", okta.url(), "--auth", "private-key-jwt", "--client-id",
        CLIENT_ID, "--private-key-env", "OKTA_KEY", "--since", SINCE, "--once", "--verbose",
        "--state", state.toString(), "-o", alerts.toString());
    assertThat(code).isEqualTo(1);
    assertThat(app.tokenOutcomes).as("a rate-limited token request is retried").containsExactly("too_many_requests",
        "issued");
    assertThat(okta.requests()).allMatch(FakeOkta.Request::authorized);
    assertThat(ids(Files.readString(alerts))).containsExactlyInAnyOrderElementsOf(detectIds());
    assertNoToken(app.issuedTokens().get(0), state, alerts);
    assertNoToken(Base64.getEncoder().encodeToString(rsa.getPrivate().getEncoded()).substring(0, 64), state, alerts);
  }

  @Test
  void poll_serviceAppRequiringDpop_provesKeyWithNonceAndRenewsTokens() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("sidguard-test").generate();
    FakeServiceApp app = new FakeServiceApp(CLIENT_ID, key.toPublicJWK(), true, 150);
    app.revokeAfterApiCalls = 4;
    okta.serviceApp(app);
    okta.limit = 3;
    Path alerts = dir.resolve("alerts.jsonl");
    int code = poll(Map.of("OKTA_KEY", key.toJSONString()), "--org", okta.url(), "--auth", "private-key-jwt",
        "--client-id", CLIENT_ID, "--private-key-env", "OKTA_KEY", "--since", SINCE, "--once", "-o",
        alerts.toString());
    assertThat(code).isEqualTo(1);
    assertThat(app.tokenOutcomes.subList(0, 3)).containsExactly("invalid_dpop_proof", "use_dpop_nonce", "issued");
    assertThat(app.tokenOutcomes).filteredOn("issued"::equals).as("renewed on expiry and after revocation")
        .hasSizeGreaterThan(2);
    List<FakeOkta.Request> log = okta.requests();
    assertThat(log).filteredOn(r -> r.status() == 401).as("only the revoked token was refused").hasSize(1);
    assertThat(ids(Files.readString(alerts))).containsExactlyInAnyOrderElementsOf(detectIds());
    assertThat(err).doesNotContain(key.getD().toString());
  }

  @Test
  void poll_serviceAppKeyNotRegistered_exitTwoWithInvalidClientHint() throws Exception {
    ECKey registered = new ECKeyGenerator(Curve.P_256).generate();
    ECKey other = new ECKeyGenerator(Curve.P_256).generate();
    FakeServiceApp app = new FakeServiceApp(CLIENT_ID, registered.toPublicJWK(), false, 3600);
    okta.serviceApp(app);
    int code = poll(Map.of("OKTA_KEY", other.toJSONString()), "--org", okta.url(), "--auth", "private-key-jwt",
        "--client-id", CLIENT_ID, "--private-key-env", "OKTA_KEY", "--once");
    assertThat(code).isEqualTo(2);
    assertThat(err.strip()).startsWith("poll: ").contains("invalid_client").contains("public key")
        .doesNotContain(other.getD().toString()).doesNotContain("\n");
    assertThat(okta.requests()).isEmpty();

    code = poll(Map.of("OKTA_KEY", "not a key"), "--org", okta.url(), "--auth", "private-key-jwt",
        "--client-id", CLIENT_ID, "--private-key-env", "OKTA_KEY", "--once");
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("OKTA_KEY does not hold a private key").doesNotContain("not a key");
    code = poll(Map.of(), "--org", okta.url(), "--auth", "private-key-jwt", "--private-key-env", "OKTA_KEY", "--once");
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("--client-id");
  }

  private void assertNoToken(String token, Path state, Path alerts) throws IOException {
    assertThat(out.contains(token)).as("token in stdout").isFalse();
    assertThat(err.contains(token)).as("token in stderr").isFalse();
    List<Path> files = new ArrayList<>();
    if (Files.exists(state)) {
      try (Stream<Path> s = Files.walk(state)) {
        s.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    if (Files.exists(alerts)) {
      files.add(alerts);
    }
    for (Path f : files) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains(token))
          .as("token in %s", f).isFalse();
    }
  }

  private List<String> detectIds() throws IOException {
    return ids(InProcess.run("detect", ndjson.toString()).out());
  }

  private static List<String> ids(String jsonl) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      if (!line.isBlank()) {
        ids.add(JSON.readTree(line).path("id").asText());
      }
    }
    return ids;
  }

  private int poll(String... args) {
    return poll(Map.of("OKTA_TEST_TOKEN", TOKEN), args);
  }

  private int poll(Map<String, String> env, String... args) {
    return poll(env, clock, args);
  }

  private int poll(Map<String, String> env, Sleeper sleeper, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cli = Sidguard.commandLine();
    PollCommand cmd = cli.getSubcommands().get("poll").getCommand();
    cmd.env = env::get;
    cmd.sleeper = sleeper;
    cmd.requestTimeout = timeout;
    cli.setOut(new PrintWriter(o));
    cli.setErr(new PrintWriter(e));
    String[] all = new String[args.length + 1];
    all[0] = "poll";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cli.execute(all);
    out = o.toString();
    err = e.toString();
    return code;
  }
}
