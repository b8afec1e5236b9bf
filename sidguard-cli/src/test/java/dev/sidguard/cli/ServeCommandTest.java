package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH = "Authorization";
  @TempDir Path dir;

  @Test
  void verification_withSecret_echoesChallengeAsJson() throws IOException {
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET")) {
      HttpResponse<String> r = s.get(HookRoutes.PATH, AUTH, ServeClient.SECRET,
          HookRoutes.CHALLENGE, "Yb8Xg3\"quoted\\value");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      assertThat(JSON.readTree(r.body()).path("verification").asText()).isEqualTo("Yb8Xg3\"quoted\\value");
      assertThat(JSON.readTree(r.body()).size()).isEqualTo(1);

      assertThat(s.get(HookRoutes.PATH, HookRoutes.CHALLENGE, "abc").statusCode()).isEqualTo(401);
      assertThat(s.get(HookRoutes.PATH, AUTH, "wrong", HookRoutes.CHALLENGE, "abc").statusCode()).isEqualTo(401);
      HttpResponse<String> noChallenge = s.get(HookRoutes.PATH, AUTH, ServeClient.SECRET);
      assertThat(noChallenge.statusCode()).isEqualTo(400);
      assertThat(noChallenge.body()).contains(HookRoutes.CHALLENGE);
    }
  }

  @Test
  void post_wrongOrMissingSecret_401AndNothingQueued() {
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET")) {
      String body = ServeClient.delivery(events(20, 1));
      for (String[] headers : List.of(new String[0], new String[] {AUTH, "nope"},
          new String[] {AUTH, ServeClient.SECRET + "x"}, new String[] {AUTH, "Bearer " + ServeClient.SECRET},
          new String[] {AUTH, ServeClient.SECRET.substring(0, ServeClient.SECRET.length() - 1)})) {
        HttpResponse<String> r = s.post(body, headers);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body().strip()).isEqualTo("missing or wrong Authorization header");
      }
      assertThat(s.metric("sidguard_hook_requests_total{status=\"401\"}")).isEqualTo(5.0);
      assertThat(s.deliver(events(20, 1)).statusCode()).isEqualTo(204);
      s.awaitProcessed(20);
      assertThat(s.metric("sidguard_events_in_total")).isEqualTo(20.0);
    }
  }

  @Test
  void post_oversizedBody_413WhetherDeclaredOrChunked() {
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET", "--max-body", "64KiB")) {
      String big = ServeClient.delivery(events(100, 2));
      assertThat(big.length()).isGreaterThan(64 << 10);
      HttpResponse<String> declared = s.post(big, AUTH, ServeClient.SECRET);
      assertThat(declared.statusCode()).isEqualTo(413);
      assertThat(declared.body()).contains("over the limit of 65536 bytes");
      byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> chunked = s.post(
          HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)), AUTH, ServeClient.SECRET);
      assertThat(chunked.statusCode()).isEqualTo(413);
      HttpResponse<String> small = s.deliver(events(10, 2));
      assertThat(small.statusCode()).isEqualTo(204);
      assertThat(s.metric("sidguard_hook_requests_total{status=\"413\"}")).isEqualTo(2.0);
    }
  }

  @Test
  void post_malformedJsonOrNoEventsArray_400WithOneLineReason() {
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET")) {
      String[][] cases = {
        {"{\"data\":{\"events\":[{\"uuid\":\"a\",}]}}", "malformed JSON at line 1, column 32"},
        {"{\"data\":{\"events\":[{\"uuid\":\"a\"}]}", "malformed JSON at line 1"},
        {"{\"data\":\n{\"events\":{}}}", "no data.events array"},
        {"{\"eventType\":\"com.okta.event_hook\"}", "no data.events array"},
        {"[{\"uuid\":\"a\"}]", "the body is not a JSON object"},
        {"{\"data\":{\"events\":[]}} {}", "data after the JSON object at line 1, column 24"},
        {"", "the body is not a JSON object"},
      };
      for (String[] c : cases) {
        HttpResponse<String> r = s.post(c[0], AUTH, ServeClient.SECRET);
        assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
        assertThat(r.body()).as(c[0]).startsWith(c[1]).endsWith("\n");
        assertThat(r.body().strip()).as(c[0]).doesNotContain("\n");
      }
      assertThat(s.post("{\"data\":{\"events\":[]}}", AUTH, ServeClient.SECRET).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void post_sameDeliveryTwice_eachEventReachesTheEngineOnce() {
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET")) {
      List<String> batch = events(50, 3);
      assertThat(s.deliver(batch).statusCode()).isEqualTo(204);
      assertThat(s.deliver(batch).statusCode()).isEqualTo(204);
      assertThat(s.deliver(batch.subList(10, 30)).statusCode()).isEqualTo(204);
      s.awaitProcessed(120);
      assertThat(s.metric("sidguard_events_in_total")).isEqualTo(50.0);
      assertThat(s.metric("sidguard_events_duplicate_total")).isEqualTo(70.0);
    }
  }

  @Test
  void post_batchesOutOfOrder_sameAlertIdsAsDetect() throws IOException {
    Path file = dir.resolve("events.ndjson");
    OktaLogFixture.write(file, 12_000, 11);
    List<String> all = ServeClient.withTail(file);
    List<List<String>> batches = ServeClient.batches(all.subList(0, all.size() - 1), 100);
    // swap neighbours inside runs of five batches (~100 s of events, inside the 5 min window)
    List<List<String>> shuffled = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < batches.size(); i += 5) {
      List<List<String>> run = new ArrayList<>(batches.subList(i, Math.min(i + 5, batches.size())));
      Collections.shuffle(run, r);
      shuffled.addAll(run);
    }
    assertThat(shuffled).isNotEqualTo(batches);
    Path alerts = dir.resolve("alerts.jsonl");
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET", "-o", alerts.toString())) {
      for (List<String> b : shuffled) {
        assertThat(s.deliver(b).statusCode()).isEqualTo(204);
      }
      assertThat(s.deliver(all.subList(all.size() - 1, all.size())).statusCode()).isEqualTo(204);
      assertThat(s.stop()).isZero();
    }
    List<String> served = ServeClient.ids(Files.readString(alerts));
    assertThat(served).isNotEmpty().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(detectIds(file));
  }

  @Test
  void healthzAndMetrics_reportStatusAndCounters() throws IOException {
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET")) {
      s.deliver(events(30, 4));
      s.awaitProcessed(30);
      HttpResponse<String> health = s.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode h = JSON.readTree(health.body());
      assertThat(h.path("status").asText()).isEqualTo("ok");
      assertThat(h.path("hooks").asBoolean()).isTrue();
      assertThat(h.path("eventsIn").asLong()).isEqualTo(30);

      HttpResponse<String> metrics = s.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body()).contains("# TYPE sidguard_events_in_total counter", "sidguard_alerts_out_total ",
          "sidguard_events_duplicate_total 0.0", "sidguard_events_dropped_total 0.0", "sidguard_queue_depth 0.0",
          "sidguard_hook_requests_total{status=\"204\"} 1.0", "# TYPE sidguard_lag_seconds gauge");
      // the fixture's events are from October 2023: the lag is years
      assertThat(s.metric("sidguard_lag_seconds")).isGreaterThan(Duration.ofDays(365).toSeconds());
    }
  }

  @Test
  void noHookSecret_hookRoutesAre404AndStartUpSaysSo() {
    try (ServeClient s = ServeClient.start()) {
      assertThat(s.err()).contains("/hooks/okta is off (404)");
      assertThat(s.post("{}", AUTH, ServeClient.SECRET).statusCode()).isEqualTo(404);
      assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void missingSecretVariable_exitTwoNamingTheVariable() {
    StringWriter e = new StringWriter();
    CommandLine cli = Sidguard.commandLine();
    ServeCommand cmd = cli.getSubcommands().get("serve").getCommand();
    cmd.env = name -> null;
    cmd.handleSignals = false;
    cli.setErr(new PrintWriter(e));
    assertThat(cli.execute("serve", "--port", "0", "--hook-secret-env", "NO_SUCH_VAR")).isEqualTo(2);
    assertThat(e.toString().strip()).startsWith("serve: environment variable NO_SUCH_VAR is not set or empty");
  }

  @Test
  void bindOtherThanLoopback_warnsOnStderr() {
    try (ServeClient s = ServeClient.start("--bind", "0.0.0.0")) {
      assertThat(s.err()).contains("serve: warning: listening on 0.0.0.0");
    }
    try (ServeClient s = ServeClient.start()) {
      assertThat(s.err()).doesNotContain("warning");
    }
  }

  @Test
  void engineFailure_checkpointCannotBeWritten_stopsWithExitTwoAndOneLineReason() throws IOException {
    Path state = dir.resolve("state");
    Files.createDirectories(state.resolve("serve-checkpoint.json.tmp"));
    try (ServeClient s = ServeClient.start(new HookPipeline.Limits(1000, 1, Duration.ofSeconds(10)),
        "--hook-secret-env", "HOOK_SECRET", "--state", state.toString(), "-o", dir.resolve("a.jsonl").toString())) {
      assertThat(s.deliver(events(10, 9)).statusCode()).isEqualTo(204);
      ServeClient.await("the command to end", () -> !s.running());
      assertThat(s.stop()).isEqualTo(2);
      assertThat(s.err()).contains("serve: the engine stopped: " + state.resolve("serve-checkpoint.json.tmp"));
      assertThat(s.err().lines().filter(l -> l.contains("engine stopped")).count()).isEqualTo(1);
    }
  }

  @Test
  void queueFull_503AndCountedAsDropped_thenAcceptedOnceDrained() throws Exception {
    ServeMetrics metrics = new ServeMetrics();
    HookPipeline pipeline = HookPipeline.open(DetectConfig.defaults(), Watchlist.empty(), null, dir.resolve("a.jsonl"),
        new PrintWriter(new StringWriter()), null, metrics, new HookPipeline.Limits(150, 1000, Duration.ofSeconds(10)),
        () -> { });
    HookRoutes hooks = new HookRoutes(ServeClient.SECRET, 1 << 20, pipeline, metrics);
    try (ServeServer server = ServeServer.start("127.0.0.1", 0, 1 << 20, List.of(hooks,
        new OpsRoutes(pipeline, metrics, true)))) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.util.function.Function<List<String>, HttpResponse<String>> post = evs -> {
        try {
          return http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
              + HookRoutes.PATH)).header(AUTH, ServeClient.SECRET)
              .POST(HttpRequest.BodyPublishers.ofString(ServeClient.delivery(evs))).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
          throw new AssertionError(e);
        }
      };
      List<String> evs = events(200, 6);
      // the engine thread is not started yet: the queue fills
      assertThat(post.apply(evs.subList(0, 100)).statusCode()).isEqualTo(204);
      HttpResponse<String> full = post.apply(evs.subList(100, 200));
      assertThat(full.statusCode()).isEqualTo(503);
      assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(metrics.dropped()).isEqualTo(100);
      assertThat(metrics.scrape()).contains("sidguard_queue_depth 100.0");
      pipeline.start();
      ServeClient.await("the queue to drain", () -> pipeline.processed() == 100);
      assertThat(post.apply(evs.subList(100, 200)).statusCode()).isEqualTo(204);
      pipeline.close();
      assertThat(pipeline.stats().events()).isEqualTo(200);
      assertThat(post.apply(evs.subList(0, 10)).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void close_withBatchesStillQueued_drainsThemAllIntoTheEngineThenCheckpoints() throws Exception {
    Path state = dir.resolve("state");
    ServeMetrics metrics = new ServeMetrics();
    HookPipeline pipeline = HookPipeline.open(DetectConfig.defaults(), Watchlist.empty(), state,
        dir.resolve("a.jsonl"), new PrintWriter(new StringWriter()), null, metrics, HookPipeline.Limits.DEFAULT,
        () -> { });
    List<String> evs = events(1000, 8);
    for (int i = 0; i < 1000; i += 100) {
      List<dev.sidguard.detect.OktaEvent> batch = HookPayload.parse(ServeClient.delivery(evs.subList(i, i + 100))
          .getBytes(StandardCharsets.UTF_8)).events();
      assertThat(pipeline.offer(batch)).isEqualTo(HookPipeline.Offer.ACCEPTED);
    }
    assertThat(pipeline.queued()).isEqualTo(1000);
    assertThat(pipeline.processed()).isZero();
    pipeline.close();
    assertThat(pipeline.queued()).isZero();
    assertThat(pipeline.stats().events()).isEqualTo(1000);
    JsonNode cp = JSON.readTree(state.resolve("serve-checkpoint.json").toFile());
    assertThat(cp.path("engine").path("events").asLong()).isEqualTo(1000);
    assertThat(cp.path("engine").path("buffer").size()).as("ordering buffer kept, not flushed").isPositive();
    assertThat(cp.has("cursor")).isFalse();
  }

  @Test
  void load_50000EventsFromFourClients_eachReachesTheEngineOnceSameAlertsAsDetect() throws Exception {
    Path file = dir.resolve("load.ndjson");
    int attacks = OktaLogFixture.write(file, 50_000, 42);
    assertThat(attacks).isGreaterThan(3);
    List<String> all = ServeClient.withTail(file);
    List<List<String>> batches = ServeClient.batches(all.subList(0, all.size() - 1), 100);
    Path alerts = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET", "-o", alerts.toString(),
        "--state", state.toString())) {
      AtomicInteger next = new AtomicInteger();
      AtomicLong slowest = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          clients.add(pool.submit(() -> {
            int posted = 0;
            for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
              long t0 = System.nanoTime();
              int status = s.deliver(batches.get(i)).statusCode();
              slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
              if (status != 204) {
                throw new AssertionError("batch " + i + ": HTTP " + status);
              }
              posted++;
            }
            return posted;
          }));
        }
        int posted = 0;
        for (Future<Integer> f : clients) {
          posted += f.get();
        }
        assertThat(posted).isEqualTo(batches.size());
        // Okta gives up on a delivery after 3 s
        assertThat(Duration.ofNanos(slowest.get())).isLessThan(Duration.ofSeconds(3));
      } finally {
        pool.shutdown();
      }
      assertThat(s.deliver(all.subList(all.size() - 1, all.size())).statusCode()).isEqualTo(204);
      s.awaitProcessed(all.size());
      assertThat(s.metric("sidguard_events_in_total")).isEqualTo(all.size());
      assertThat(s.metric("sidguard_events_duplicate_total")).isZero();
      assertThat(s.metric("sidguard_events_dropped_total")).isZero();
      assertThat(s.stop()).isZero();
      assertThat(s.err()).contains("serve: " + all.size() + " events, 0 duplicates dropped, 0 refused");
    }
    JsonNode cp = JSON.readTree(state.resolve("serve-checkpoint.json").toFile());
    assertThat(cp.path("engine").path("events").asLong()).isEqualTo(all.size());
    List<String> served = ServeClient.ids(Files.readString(alerts));
    assertThat(served).hasSizeGreaterThanOrEqualTo(attacks).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(detectIds(file));
  }

  @Test
  void restart_resumesFromCheckpointWithoutDuplicateAlerts() throws IOException {
    Path file = dir.resolve("events.ndjson");
    OktaLogFixture.write(file, 12_000, 11);
    List<String> all = ServeClient.withTail(file);
    List<List<String>> batches = ServeClient.batches(all, 100);
    Path alerts = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    String[] args = {"--hook-secret-env", "HOOK_SECRET", "-o", alerts.toString(), "--state", state.toString()};
    int half = batches.size() / 2;
    try (ServeClient s = ServeClient.start(args)) {
      for (List<String> b : batches.subList(0, half + 3)) {
        s.deliver(b);
      }
      assertThat(s.stop()).isZero();
    }
    try (ServeClient s = ServeClient.start(args)) {
      assertThat(s.err()).contains("serve: resuming from the checkpoint in " + state);
      // Okta redelivers a few batches the first run had already taken
      for (List<String> b : batches.subList(half, batches.size())) {
        s.deliver(b);
      }
      assertThat(s.stop()).isZero();
      assertThat(s.err()).contains("300 duplicates dropped");
    }
    assertThat(ServeClient.ids(Files.readString(alerts))).isNotEmpty().doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(detectIds(file));
  }

  @Test
  void secretAppearsNowhere_evenOnErrorsVerboseAndState() throws IOException {
    Path alerts = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    String metrics;
    String health;
    try (ServeClient s = ServeClient.start("--hook-secret-env", "HOOK_SECRET", "-v", "-o", alerts.toString(),
        "--state", state.toString(), "--max-body", "16KiB")) {
      List<HttpResponse<String>> replies = List.of(
          s.post("{not json", AUTH, ServeClient.SECRET),
          s.post("{\"data\":{\"events\":[]}}", AUTH, ServeClient.SECRET + "x"),
          s.get(HookRoutes.PATH, AUTH, ServeClient.SECRET, HookRoutes.CHALLENGE, "c"),
          s.get(HookRoutes.PATH, AUTH, ServeClient.SECRET + "x", HookRoutes.CHALLENGE, "c"),
          s.post("x".repeat(20_000), AUTH, ServeClient.SECRET));
      assertThat(replies.get(4).statusCode()).isEqualTo(413);
      for (HttpResponse<String> r : replies) {
        assertThat((r.body() + r.headers().map()).contains(ServeClient.SECRET)).as("secret in a reply").isFalse();
      }
      s.deliver(events(3, 7));
      s.awaitProcessed(3);
      metrics = s.get("/metrics").body();
      health = s.get("/healthz").body();
      s.stop();
      assertThat(s.err()).contains("serve: checkpoint after 3 events");
      for (String text : List.of(s.out(), s.err(), metrics, health)) {
        assertThat(text.contains(ServeClient.SECRET)).as("secret in output").isFalse();
      }
    }
    List<Path> files = new ArrayList<>(List.of(alerts));
    try (Stream<Path> st = Files.walk(state)) {
      st.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(1);
    for (Path f : files) {
      assertThat(Files.readString(f).contains(ServeClient.SECRET)).as("secret in %s", f.getFileName()).isFalse();
    }
  }

  /** {@code count} fixture events (a session start, MFA and SSO mix) from a seed. */
  private List<String> events(int count, long seed) {
    Path file = dir.resolve("sample-" + seed + ".ndjson");
    try {
      OktaLogFixture.write(file, count, seed);
      return Files.readAllLines(file).subList(0, count);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> detectIds(Path file) throws IOException {
    InProcess r = InProcess.run("detect", file.toString());
    assertThat(r.code()).isEqualTo(1);
    return ServeClient.ids(r.out());
  }

}
