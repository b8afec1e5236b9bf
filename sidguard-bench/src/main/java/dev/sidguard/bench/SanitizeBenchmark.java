package dev.sidguard.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sidguard.har.HarSanitizer;
import dev.sidguard.har.HarScanner;
import dev.sidguard.har.Policy;
import dev.sidguard.har.SyntheticHar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sanitize and scan throughput against a plain streaming identity copy of the same HAR, single thread.
 *
 * <p>Run: {@code ./mvnw -B -q -pl sidguard-bench -am package -DskipTests && java -jar
 * sidguard-bench/target/benchmarks.jar SanitizeBenchmark} (add {@code -wi 2 -i 3 -w 5s -r 5s} for a quick
 * run). {@code scanDefault} is {@code sidguard scan}'s library call (same detectors, plus fingerprints,
 * liveness, identity and watchlist hashes, no output). The {@code bytes} secondary result is
 * input bytes per second (divide by 1,048,576 for MiB/s). The HAR is generated in memory by
 * {@link SyntheticHar} ({@code -p sizeMb=…} to change its size).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class SanitizeBenchmark {

  @Param("200")
  public int sizeMb;

  private byte[] har;
  private HarSanitizer defaultPolicy;
  private HarSanitizer strictPolicy;
  private HarScanner scanner;
  private final JsonFactory json = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  /** Counts input bytes processed, so JMH reports bytes per second beside operations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void generate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((sizeMb + 1) << 20);
    SyntheticHar.write(out, (long) sizeMb << 20, 42);
    har = out.toByteArray();
    defaultPolicy = HarSanitizer.create(Policy.defaults());
    strictPolicy = HarSanitizer.create(Policy.strict());
    scanner = HarScanner.create(Policy.defaults());
  }

  @Benchmark
  public long sanitizeDefault(Bytes counter) throws IOException {
    counter.bytes += har.length;
    return defaultPolicy.sanitize(new ByteArrayInputStream(har), OutputStream.nullOutputStream(), "bench.har").entries();
  }

  @Benchmark
  public long sanitizeStrict(Bytes counter) throws IOException {
    counter.bytes += har.length;
    return strictPolicy.sanitize(new ByteArrayInputStream(har), OutputStream.nullOutputStream(), "bench.har").entries();
  }

  @Benchmark
  public long scanDefault(Bytes counter) throws IOException {
    counter.bytes += har.length;
    return scanner.scan(new ByteArrayInputStream(har), "bench.har").findings().size();
  }

  /** The ceiling: parse every token and write it again, changing nothing. */
  @Benchmark
  public long identityCopy(Bytes counter) throws IOException {
    counter.bytes += har.length;
    long tokens = 0;
    try (JsonParser p = json.createParser(new ByteArrayInputStream(har));
        JsonGenerator g = json.createGenerator(OutputStream.nullOutputStream())) {
      while (p.nextToken() != null) {
        g.copyCurrentEvent(p);
        tokens++;
      }
    }
    return tokens;
  }
}
