package dev.sidguard.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidguard.detect.EventParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parallel source (two readers, each with its own split) delivering events out of order within
 * the ordering window: the job orders them per key and raises the embedded engine's alerts, and
 * none is late.
 */
class OutOfOrderTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = Flink.cluster();
  private static final Duration WINDOW = Duration.ofMinutes(5);

  @TempDir
  Path tmp;

  @Test
  void parallelSource_eventsShuffledWithinTheWindow_sameAlertsAsTheEmbeddedEngine_noneLate() throws Exception {
    SimTenant tenant = SimTenant.of(200, 5, 3);
    List<String> lines = Files.readAllLines(tenant.events(), StandardCharsets.UTF_8);
    List<String> shuffled = shuffleWithinWindow(lines);
    assertThat(inversions(shuffled)).as("the input really is out of order").isGreaterThan(1000);
    assertThat(maxLagMillis(shuffled)).as("but never later than the window").isLessThan(WINDOW.toMillis());
    Path file = tmp.resolve("shuffled.ndjson");
    Files.write(file, shuffled, StandardCharsets.UTF_8);
    List<String> expected = SimTenant.Embedded.alerts(List.of(file), tenant.config(), tenant.watchlist());
    assertThat(expected).isNotEmpty();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DataGeneratorSource<TenantEvent> source = new DataGeneratorSource<>(new Lines(file.toString()), shuffled.size(),
        TypeInformation.of(TenantEvent.class));
    SingleOutputStreamOperator<TenantAlert> alerts = DetectJob.alerts(env, source,
        tenant.settings(SimTenant.earliest(file)));
    DataStream<TenantAlert> late = alerts.getSideOutput(DetectEvents.LATE).map(j -> new TenantAlert("late", "", j));
    List<TenantAlert> got = Flink.collect(alerts.union(late));

    assertThat(got).filteredOn(a -> a.tenant().equals("late")).isEmpty();
    assertThat(got).extracting(TenantAlert::json).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Reverses runs of up to 8 consecutive events that lie within 4 minutes of each other. */
  private static List<String> shuffleWithinWindow(List<String> lines) {
    long[] t = times(lines);
    List<String> out = new ArrayList<>(lines.size());
    int i = 0;
    while (i < lines.size()) {
      int end = i + 1;
      while (end < lines.size() && end - i < 8 && t[end] - t[i] < 240_000) {
        end++;
      }
      List<String> run = new ArrayList<>(lines.subList(i, end));
      Collections.reverse(run);
      out.addAll(run);
      i = end;
    }
    return out;
  }

  private static long inversions(List<String> lines) {
    long[] t = times(lines);
    long n = 0;
    for (int i = 1; i < t.length; i++) {
      if (t[i] < t[i - 1]) {
        n++;
      }
    }
    return n;
  }

  private static long maxLagMillis(List<String> lines) {
    long max = Long.MIN_VALUE;
    long lag = 0;
    for (long t : times(lines)) {
      max = Math.max(max, t);
      lag = Math.max(lag, max - t);
    }
    return lag;
  }

  private static long[] times(List<String> lines) {
    long[] t = new long[lines.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = PARSER.parse(lines.get(i).getBytes(StandardCharsets.UTF_8), "test").publishedMillis();
    }
    return t;
  }

  private static final EventParser PARSER = new EventParser();

  /** Event i of an NDJSON file (read once per source reader). */
  private static final class Lines implements GeneratorFunction<Long, TenantEvent> {
    private static final long serialVersionUID = 1L;
    private final String file;
    private transient List<String> lines;

    Lines(String file) {
      this.file = file;
    }

    @Override
    public void open(SourceReaderContext context) throws IOException {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    }

    @Override
    public TenantEvent map(Long index) {
      return new TenantEvent("", lines.get(index.intValue()));
    }
  }
}
