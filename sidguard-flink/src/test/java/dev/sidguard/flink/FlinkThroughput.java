package dev.sidguard.flink;

import java.nio.file.Files;
import java.util.Locale;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Throughput of the whole job (file source, parse, route, event time, detect) on a local
 * MiniCluster at parallelism 1 and 2, in events per second of wall time including job start-up;
 * a main, not a test. Run after {@code ./mvnw -B -q -pl sidguard-flink -am package -DskipTests}:
 * {@code java -cp sidguard-flink/target/test-classes:sidguard-flink/target/classes:$(cat
 * sidguard-flink/target/test.classpath) dev.sidguard.flink.FlinkThroughput [USERS DAYS ROUNDS]}.
 */
final class FlinkThroughput {
  private FlinkThroughput() {}

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 800;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    SimTenant tenant = SimTenant.of(users, days, 7);
    long observedSince = SimTenant.earliest(tenant.events());
    System.out.printf(Locale.ROOT, "tenant: %d events, %d MB%n", tenant.count(),
        Files.size(tenant.events()) >> 20);
    for (int parallelism : new int[] {1, 2}) {
      run(tenant, observedSince, parallelism);
      double best = 0;
      for (int r = 0; r < rounds; r++) {
        best = Math.max(best, run(tenant, observedSince, parallelism));
      }
      System.out.printf(Locale.ROOT, "parallelism %d: %.0f events/s (best of %d after a warm-up run)%n",
          parallelism, best, rounds);
    }
  }

  private static double run(SimTenant tenant, long observedSince, int parallelism) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
    long start = System.nanoTime();
    DetectJob.alerts(env, DetectJob.fileSource(tenant.events()), tenant.settings(observedSince))
        .sinkTo(new Discard()).name("discard");
    env.execute("throughput");
    return tenant.count() / ((System.nanoTime() - start) / 1e9);
  }

  /** Drops every alert. */
  private static final class Discard implements Sink<TenantAlert> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<TenantAlert> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(TenantAlert element, Context ctx) {
          // dropped
        }

        @Override
        public void flush(boolean endOfInput) {
          // nothing buffered
        }

        @Override
        public void close() {
          // nothing held
        }
      };
    }
  }
}
