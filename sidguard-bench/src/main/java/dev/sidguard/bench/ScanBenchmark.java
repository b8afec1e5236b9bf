package dev.sidguard.bench;

import dev.sidguard.har.HarScanner;
import dev.sidguard.har.Policy;
import dev.sidguard.har.SyntheticHar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * Scan throughput ({@code sidguard scan}'s library call: detectors, fingerprints, liveness, identity, no
 * output) on the same generated HAR as {@link SanitizeBenchmark}, single thread.
 *
 * <p>Run back to back with sanitize: {@code ./mvnw -B -q -pl sidguard-bench -am package -DskipTests && java -jar
 * sidguard-bench/target/benchmarks.jar 'SanitizeBenchmark|ScanBenchmark' -wi 2 -i 3 -w 5s -r 5s}. The
 * {@code bytes} secondary result is input bytes per second (divide by 1,048,576 for MiB/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ScanBenchmark {

  @Param("200")
  public int sizeMb;

  private byte[] har;
  private HarScanner scanner;

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
    scanner = HarScanner.create(Policy.defaults());
  }

  @Benchmark
  public long scanDefault(Bytes counter) throws IOException {
    counter.bytes += har.length;
    return scanner.scan(new ByteArrayInputStream(har), "bench.har").findings().size();
  }
}
