package dev.sidguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Test side of {@code sidguard serve} (hooks, page and API): runs the command in this process on an
 * ephemeral port and talks to it over real HTTP with java.net.http.
 */
final class ServeClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "FAKE-HOOK-SECRET-for-tests-7f3a9c";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  final ServeCommand command;
  private final Thread thread;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private volatile int code = -1;

  private ServeClient(HookPipeline.Limits limits, Map<String, String> env, @Nullable Path uploads, String... args) {
    CommandLine cli = Sidguard.commandLine();
    command = cli.getSubcommands().get("serve").getCommand();
    command.uploadTempDir = uploads;
    command.env = env::get;
    command.handleSignals = false;
    command.limits = limits;
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 3];
    all[0] = "serve";
    all[1] = "--port";
    all[2] = "0";
    System.arraycopy(args, 0, all, 3, args.length);
    thread = new Thread(() -> code = cli.execute(all), "serve-under-test");
    thread.start();
    await("the server to listen or fail", () -> err.toString().contains("serve: listening on") || !thread.isAlive());
  }

  /** Starts {@code sidguard serve ARGS} with the hook secret in HOOK_SECRET. */
  static ServeClient start(String... args) {
    return start(HookPipeline.Limits.DEFAULT, args);
  }

  /** Starts {@code sidguard serve ARGS} keeping the web API's temp files in {@code uploads}. */
  static ServeClient start(Path uploads, String... args) {
    return new ServeClient(HookPipeline.Limits.DEFAULT, Map.of("HOOK_SECRET", SECRET), uploads, args);
  }

  static ServeClient start(HookPipeline.Limits limits, String... args) {
    return new ServeClient(limits, Map.of("HOOK_SECRET", SECRET), null, args);
  }

  boolean running() {
    return thread.isAlive();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + command.boundPort() + path);
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(DEADLINE).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> post(String body, String... headers) {
    return post(HttpRequest.BodyPublishers.ofString(body), headers);
  }

  HttpResponse<String> post(HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(HookRoutes.PATH)).timeout(DEADLINE).POST(body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  /** POSTs {@code body} to {@code path} and returns the response body as bytes. */
  HttpResponse<byte[]> postBytes(String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(DEADLINE).POST(body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Posts one delivery of {@code events} (NDJSON lines or JSON objects) with the right secret. */
  HttpResponse<String> deliver(List<String> events) {
    return post(delivery(events), "Authorization", SECRET, "Content-Type", "application/json");
  }

  static String delivery(List<String> events) {
    StringBuilder b = new StringBuilder(events.size() * 2200 + 200)
        .append("{\"eventType\":\"com.okta.event_hook\",\"eventTypeVersion\":\"1.0\",\"cloudEventsVersion\":\"0.1\",")
        .append("\"source\":\"https://acme.okta.com/api/v1/eventHooks/who8x\",\"eventId\":\"e-")
        .append(events.size()).append("\",\"data\":{\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      b.append(i == 0 ? "" : ",").append(events.get(i).strip());
    }
    return b.append("]},\"eventTime\":\"2023-10-18T00:00:00.000Z\",\"contentType\":\"application/json\"}").toString();
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A sample's value from /metrics, e.g. {@code sidguard_events_in_total} or {@code sidguard_hook_requests_total{status="401"}}. */
  double metric(String sample) {
    String text = get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Waits until the engine thread has taken {@code events} events off the queue. */
  void awaitProcessed(long events) {
    await(events + " events processed", () -> metric("sidguard_events_in_total")
        + metric("sidguard_events_duplicate_total") >= events);
  }

  /** Stops the server as SIGTERM would and returns the command's exit code. */
  int stop() {
    command.stop();
    try {
      thread.join(DEADLINE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return code;
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      stop();
    }
  }

  /** Polls {@code condition} until it holds or the deadline passes. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  /** The fixture's lines plus one ordinary event ten minutes after the last, appended to the file too. */
  static List<String> withTail(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Instant last = Instant.parse(JSON.readTree(lines.get(lines.size() - 1)).path("published").asText());
    String tail = "{\"uuid\":\"ffffffff-0000-4000-8000-000000000000\",\"published\":\"" + last.plusSeconds(600)
        + "\",\"eventType\":\"user.authentication.sso\",\"actor\":{\"id\":\"00utail\",\"type\":\"User\","
        + "\"alternateId\":\"tail@example.com\"},\"outcome\":{\"result\":\"SUCCESS\"}}";
    lines.add(tail);
    Files.writeString(file, String.join("\n", lines) + "\n");
    return lines;
  }

  static List<List<String>> batches(List<String> lines, int size) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += size) {
      out.add(lines.subList(i, Math.min(i + size, lines.size())));
    }
    return out;
  }

  static List<String> ids(String jsonl) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      if (!line.isBlank()) {
        ids.add(JSON.readTree(line).path("id").asText());
      }
    }
    return ids;
  }
}
