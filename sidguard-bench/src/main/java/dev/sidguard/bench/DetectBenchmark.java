package dev.sidguard.bench;

import dev.sidguard.detect.Alert;
import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.AlertWriter;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Engine;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.Watchlist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@code detect} with every built-in rule on 1,000,000 realistic Okta events (one
 * thread, NDJSON from the page cache), beside parse-only on the same file.
 *
 * <p>Run: {@code ./mvnw -B -q -pl sidguard-bench -am package -DskipTests && java -jar
 * sidguard-bench/target/benchmarks.jar DetectBenchmark}. Scores are events per second. Memory per
 * tracked session: {@code java -cp sidguard-bench/target/benchmarks.jar dev.sidguard.bench.StateFootprint}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class DetectBenchmark {
  static final int EVENTS = 1_000_000;
  private static final String CONFIG = """
      admin_egress_cidrs: [203.0.113.0/24]
      privileged_groups: [Okta Administrators]
      trusted_asns: [64501]
      """;

  private Path file;
  private DetectConfig config;
  private Watchlist watchlist;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    file = Files.createTempFile("sidguard-bench-", ".ndjson");
    int replays = new OktaEventGenerator(20231018L, 20_000).write(file, EVENTS);
    config = DetectConfig.parse(CONFIG, "bench.yaml");
    watchlist = watchlist();
    System.out.printf("%n[generated %,d events, %,d bytes (%.0f B/event), %d replays]%n", EVENTS, Files.size(file),
        (double) Files.size(file) / EVENTS, replays);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Parse-only: the project's own reader, every event materialised as an {@link OktaEvent}. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void parseOnly(Blackhole bh) {
    try (EventReader r = EventReader.open(file)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        bh.consume(e);
      }
    }
  }

  /** Parse plus the engine with all seven rules, ordering buffer, state expiry and alert rendering. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Engine.Stats detectAllRules(Blackhole bh) {
    AlertWriter[] writer = new AlertWriter[1];
    Engine engine = new Engine(config, Rules.builtIn(config, watchlist), (Alert a) -> bh.consume(writer[0].line(a)));
    writer[0] = new AlertWriter(AlertFormat.JSONL, engine.rules(), "bench");
    try (EventReader r = EventReader.open(file)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        engine.accept(e);
      }
    }
    engine.flush();
    return engine.stats();
  }

  /** A watchlist of 1,000 exposed credentials, so exposed-session-used hashes every session id. */
  static Watchlist watchlist() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append(String.format("{\"sha256\":\"%064x\",\"kind\":\"okta-session-cookie\",\"name\":\"sid\",", i))
          .append("\"user\":\"user").append(i * 17).append("@example.com\",\"har\":\"case-").append(i)
          .append(".har\",\"exposedFrom\":\"").append(Instant.parse("2023-10-16T08:00:00Z")).append("\"}\n");
    }
    try {
      Path tmp = Files.createTempFile("sidguard-watchlist-", ".jsonl");
      Files.writeString(tmp, sb);
      Watchlist w = Watchlist.load(tmp);
      Files.delete(tmp);
      return w;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
