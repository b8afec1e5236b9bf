package dev.sidguard.bench;

import dev.sidguard.detect.Alert;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Engine;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.Watchlist;
import dev.sidguard.sim.Labels;
import dev.sidguard.sim.TenantSimulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@code simulate} (events generated and written as NDJSON per second, one thread,
 * into a counting sink) and of {@code detect} with every built-in rule, the tenant's configuration
 * and its exposure watchlist over the simulator's own output (NDJSON from the page cache).
 *
 * <p>Run: {@code ./mvnw -B -q -pl sidguard-bench -am package -DskipTests && java -jar
 * sidguard-bench/target/benchmarks.jar SimulateBenchmark}. Read the {@code events} secondary
 * result: events per second. The default tenant is 1,000 users × 7 days (~140,000 events, ~2.2 KB
 * each); {@code -p users=7000} gives about a million events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SimulateBenchmark {
  @Param("1000")
  public int users;

  @Param("7")
  public int days;

  private Path file;
  private Labels labels;
  private DetectConfig config;
  private Watchlist watchlist;

  /** Events handled, reported by JMH per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    public long events;
  }

  @Setup(Level.Trial)
  public void simulateOnce() throws IOException {
    file = Files.createTempFile("sidguard-sim-bench-", ".ndjson");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      labels = TenantSimulator.builder().users(users).days(days).seed(1).build().write(out);
    }
    config = labels.tenant().detectConfig();
    watchlist = labels.watchlist();
    System.out.printf("%n[simulated %,d events, %,d bytes (%.0f B/event), %,d sessions, %d attacks]%n",
        labels.events(), Files.size(file), (double) Files.size(file) / labels.events(), labels.sessions(),
        labels.attacks().size());
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  /** The whole simulation, JSON rendering included, into a sink that only counts bytes. */
  @Benchmark
  public long simulate(Counts counts) {
    CountingSink sink = new CountingSink();
    Labels l = TenantSimulator.builder().users(users).days(days).seed(1).build().write(sink);
    counts.events += l.events();
    return sink.bytes;
  }

  /** Parse plus the engine with all seven rules over the simulated log, alerts collected. */
  @Benchmark
  public Engine.Stats detect(Counts counts, Blackhole bh) {
    Engine engine = new Engine(config, Rules.builtIn(config, watchlist), (Alert a) -> bh.consume(a));
    try (EventReader r = EventReader.open(file)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        engine.accept(e);
        counts.events++;
      }
    }
    engine.flush();
    return engine.stats();
  }

  private static final class CountingSink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
