package dev.sidguard.flink;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.DetectException;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * The sidguard detection job on Apache Flink: Okta System Log events in, alerts out, with the
 * embedded engine's rules, state semantics and alert ids.
 */
public final class DetectJob {
  /*
   * Pipeline (every operator named and uid'd, so savepoints survive code changes):
   *   okta-events (source) -> parse-and-route -> event-time (bounded out-of-orderness watermarks,
   *   the configured out_of_order_window) -> keyBy (tenant, actor) -> detect -> alerts (sink)
   * plus the "late-events" side output of detect. See RouteEvents for the partitioning and
   * DetectEvents for ordering, state and expiry.
   *
   * main: with --input/--output it runs on a local MiniCluster over an NDJSON file (run-local.sh);
   * otherwise it reads and writes Kafka. observedSince defaults to the earliest event of the input
   * file (what the embedded engine uses for a file), and for Kafka to the time the job is
   * submitted: it is fixed in the job graph, so restarts from checkpoints keep it.
   */
  static final String USAGE = "usage: DetectJob (--input EVENTS.ndjson --output ALERTS.jsonl"
      + " | --bootstrap-servers HOSTS --input-topic T --output-topic T [--group-id G]"
      + " [--starting-offsets earliest|latest|committed] [--bounded] [--exactly-once])"
      + " [--config C] [--watchlist W] [--observed-since INSTANT] [--tenant-field PATH]"
      + " [--format jsonl|ocsf] [--parallelism N]";
  private static final Set<String> FLAGS = Set.of("--bounded", "--exactly-once");
  private final Source<TenantEvent, ?, ?> source;
  private final Sink<TenantAlert> sink;
  private final JobSettings settings;

  /** A job reading {@code source}, writing {@code sink}, configured by {@code settings}. */
  public DetectJob(Source<TenantEvent, ?, ?> source, Sink<TenantAlert> sink, JobSettings settings) {
    settings.config();
    settings.watchlist();
    this.source = source;
    this.sink = sink;
    this.settings = settings;
  }

  /** Adds the job to {@code env} and runs it (until the source ends, for a bounded source). */
  public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    alerts(env, source, settings).sinkTo(sink).name("alerts").uid("alerts");
    return env.execute("sidguard detect");
  }

  /** The job up to the alert stream (its late events under {@link DetectEvents#LATE}). */
  static SingleOutputStreamOperator<TenantAlert> alerts(StreamExecutionEnvironment env,
      Source<TenantEvent, ?, ?> source, JobSettings settings) {
    Duration window = settings.config().outOfOrderWindow();
    DataStream<KeyedEvent> timed = env.fromSource(source, WatermarkStrategy.noWatermarks(), "okta-events")
        .uid("okta-events")
        .process(new RouteEvents(settings.tenantField())).name("parse-and-route").uid("parse-and-route")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<KeyedEvent>forBoundedOutOfOrderness(window)
            .withTimestampAssigner((e, previous) -> e.time()))
        .name("event-time").uid("event-time");
    return timed.keyBy(KeyedEvent::key)
        .process(new DetectEvents(settings)).name("detect").uid("detect");
  }

  /** Runs the job; see {@link #USAGE}. Exit status 2 on bad arguments or input, with a one-line message. */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts;
    try {
      opts = options(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sidguard-flink: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(opts);
    } catch (DetectException | IllegalArgumentException e) {
      System.err.println("sidguard-flink: " + e.getMessage());
      System.exit(2);
    }
  }

  static JobExecutionResult run(Map<String, String> opts) throws Exception {
    boolean local = opts.containsKey("--input");
    @Nullable String input = opts.get("--input");
    long observedSince = opts.containsKey("--observed-since") ? instant(opts.get("--observed-since"))
        : input != null ? earliest(Path.of(input)) : System.currentTimeMillis();
    JobSettings settings = new JobSettings(text(opts.get("--config")), name(opts.get("--config")),
        text(opts.get("--watchlist")), name(opts.get("--watchlist")), observedSince, opts.get("--tenant-field"),
        format(opts.getOrDefault("--format", "jsonl")), version());
    int parallelism = Integer.parseInt(opts.getOrDefault("--parallelism", "1"));
    if (local) {
      String output = opts.get("--output");
      if (input == null || output == null) {
        throw new IllegalArgumentException("--input needs --output");
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
      DetectJob job = new DetectJob(fileSource(Path.of(input)), new LocalFileSink(Path.of(output)), settings);
      SingleOutputStreamOperator<TenantAlert> alerts = alerts(env, job.source, settings);
      alerts.sinkTo(job.sink).name("alerts").uid("alerts").setParallelism(1);
      return env.execute("sidguard detect " + Path.of(input).getFileName());
    }
    String servers = required(opts, "--bootstrap-servers");
    KafkaSourceBuilder<TenantEvent> in = KafkaSource.<TenantEvent>builder()
        .setBootstrapServers(servers)
        .setTopics(required(opts, "--input-topic"))
        .setGroupId(opts.getOrDefault("--group-id", "sidguard-detect"))
        .setDeserializer(new KafkaSchemas.Events())
        .setStartingOffsets(switch (opts.getOrDefault("--starting-offsets", "committed")) {
          case "earliest" -> OffsetsInitializer.earliest();
          case "latest" -> OffsetsInitializer.latest();
          case "committed" -> OffsetsInitializer.committedOffsets();
          default -> throw new IllegalArgumentException("--starting-offsets: earliest, latest or committed");
        });
    if (opts.containsKey("--bounded")) {
      in.setBounded(OffsetsInitializer.latest());
    }
    boolean exactlyOnce = opts.containsKey("--exactly-once");
    var out = KafkaSink.<TenantAlert>builder()
        .setBootstrapServers(servers)
        .setRecordSerializer(new KafkaSchemas.Alerts(required(opts, "--output-topic")))
        .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
    if (exactlyOnce) {
      out.setTransactionalIdPrefix(opts.getOrDefault("--group-id", "sidguard-detect"));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (opts.containsKey("--parallelism")) {
      env.setParallelism(parallelism);
    }
    return new DetectJob(in.build(), out.build(), settings).execute(env);
  }

  /** A bounded source over one NDJSON file of one tenant (""). */
  static FileSource<TenantEvent> fileSource(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DetectException(file + ": no such file");
    }
    return FileSource.forRecordStreamFormat(new NdjsonFormat(""),
        new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri())).build();
  }

  /** The earliest event time in {@code file} (what the embedded engine starts observing from). */
  static long earliest(Path file) {
    long min = OktaEvent.NO_TIME;
    try (EventReader r = EventReader.open(file)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        if (e.hasTime() && (min == OktaEvent.NO_TIME || e.publishedMillis() < min)) {
          min = e.publishedMillis();
        }
      }
    }
    return min;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    Set<String> valued = Set.of("--input", "--output", "--bootstrap-servers", "--input-topic", "--output-topic",
        "--group-id", "--starting-offsets", "--config", "--watchlist", "--observed-since", "--tenant-field",
        "--format", "--parallelism");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (FLAGS.contains(a)) {
        opts.put(a, "");
      } else if (valued.contains(a)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        opts.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + a);
      }
    }
    String p = opts.get("--parallelism");
    if (p != null && !p.matches("[1-9][0-9]{0,3}")) {
      throw new IllegalArgumentException("--parallelism: a positive number, got " + p);
    }
    return opts;
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return v;
  }

  private static long instant(String s) {
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--observed-since: not an ISO-8601 instant (e.g. 2024-08-13T00:00:00Z): " + s);
    }
  }

  private static AlertFormat format(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "jsonl" -> AlertFormat.JSONL;
      case "ocsf" -> AlertFormat.OCSF;
      default -> throw new IllegalArgumentException("--format: jsonl or ocsf, got " + s);
    };
  }

  private static String text(@Nullable String file) {
    if (file == null) {
      return "";
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DetectException(file + ": no such file");
    } catch (IOException e) {
      throw new DetectException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String name(@Nullable String file) {
    return file == null ? "" : file;
  }

  static String version() {
    String v = DetectJob.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
