package dev.sidguard.detect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One {@code detect} run: reads the inputs in order, runs the engine, writes alert lines, and with
 * a state directory checkpoints so that a killed run resumes without duplicate or missed alerts.
 */
public final class DetectRun {
  /*
   * Exactly-once output with --state and -o OUT. A checkpoint holds, together and atomically
   * (written to checkpoint.json.tmp, fsynced, renamed over checkpoint.json, directory fsynced):
   * the engine snapshot (keyed state, dedup/alert ids, ordering buffer), the input position (file
   * index, records consumed, byte offset for plain NDJSON), and OUT's length after flushing and
   * fsyncing it. The engine is deterministic, so after a kill at any moment the restart truncates
   * OUT back to the recorded length and replays the input from the recorded position: the alerts
   * written after the checkpoint are produced again byte for byte, and nothing before it is
   * repeated. A kill during the checkpoint leaves the previous one intact.
   *
   * Standard output cannot be truncated, so there each alert's id is appended to
   * emitted-ids.log right after the line is flushed; a restart suppresses ids found there. That is
   * at-least-once with a window of one alert (a kill between the write and the id append).
   *
   * Inputs are identified by path and a hash of their first 64 KiB; when the inputs differ from
   * the checkpoint's (a new day's file), the state is kept and reading starts at the beginning,
   * and the dedup state still suppresses alerts already raised for live incidents.
   * Without --state, -o is written to a temporary file beside OUT and renamed at the end.
   */
  private static final String CHECKPOINT = "checkpoint.json";
  private static final String JOURNAL = "emitted-ids.log";
  private static final int CHECKPOINT_VERSION = 1;
  private static final int FINGERPRINT_BYTES = 64 * 1024;

  private final List<String> inputs;
  private final InputStream stdin;
  private final OutputStream stdout;
  private final DetectConfig config;
  private final Watchlist watchlist;
  private final AlertFormat format;
  private final @Nullable Path output;
  private final @Nullable Path stateDir;
  private final long checkpointEvery;
  private final String productVersion;

  /** What a run did, for diagnostics and the exit code. */
  public record Summary(long events, long malformed, List<EventReader.Malformed> malformedSample, long untimed,
      long late, Map<String, Long> alertsByRule, boolean resumed, long resumedAtRecord, @Nullable String resumedFile) {
    public long alerts() {
      return alertsByRule.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private DetectRun(Builder b) {
    inputs = List.copyOf(b.inputs.isEmpty() ? List.of("-") : b.inputs);
    stdin = b.stdin;
    stdout = b.stdout;
    config = b.config;
    watchlist = b.watchlist;
    format = b.format;
    output = b.output;
    stateDir = b.stateDir;
    checkpointEvery = b.checkpointEvery;
    productVersion = b.productVersion;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs to the end of the inputs.
   *
   * @throws DetectException on unreadable input, output or state (one line naming the file)
   */
  public Summary run() {
    try {
      return runChecked();
    } catch (IOException e) {
      throw new DetectException("I/O error: " + EventReader.describe(e), e);
    }
  }

  private Summary runChecked() throws IOException {
    Sink sink = new Sink();
    Engine engine = new Engine(config, Rules.builtIn(config, watchlist), sink::write);
    sink.writer = new AlertWriter(format, engine.rules(), productVersion);
    List<String> fingerprints = fingerprints();

    int fileIndex = 0;
    EventReader.Position position = EventReader.Position.START;
    long malformedBefore = 0;
    List<EventReader.Malformed> malformedSample = new ArrayList<>();
    boolean resumed = false;
    long outputLength = 0;
    JsonNode checkpoint = stateDir == null ? null : readCheckpoint();
    if (checkpoint != null) {
      engine.restore(new ByteArrayInputStream(
          Engine.MAPPER.writeValueAsBytes(checkpoint.path("engine"))));
      boolean sameInputs = Engine.MAPPER.convertValue(checkpoint.path("inputs"), List.class).equals(fingerprints)
          && !inputs.contains("-");
      boolean sameOutput = checkpoint.path("output").asText().equals(outputName());
      if (sameInputs) {
        resumed = true;
        fileIndex = checkpoint.path("fileIndex").asInt();
        position = new EventReader.Position(checkpoint.path("records").asLong(),
            checkpoint.path("byteOffset").asLong(), checkpoint.path("line").asLong());
        malformedBefore = checkpoint.path("malformed").asLong();
        for (JsonNode m : checkpoint.path("malformedSample")) {
          malformedSample.add(new EventReader.Malformed(m.path("source").asText(), m.path("line").asLong(),
              m.path("reason").asText()));
        }
      }
      if (sameOutput) {
        outputLength = checkpoint.path("outputLength").asLong();
      }
    }
    sink.open(outputLength);
    long resumedAt = position.records();
    String resumedFile = resumed && fileIndex < inputs.size() ? inputs.get(fileIndex) : null;

    long sinceCheckpoint = 0;
    long malformedDone = malformedBefore;
    try {
      for (; fileIndex < inputs.size(); fileIndex++) {
        String name = inputs.get(fileIndex);
        EventReader reader = name.equals("-") ? EventReader.open(stdin, "<stdin>")
            : EventReader.open(Path.of(name), position);
        position = EventReader.Position.START;
        try {
          for (OktaEvent e = reader.next(); e != null; e = reader.next()) {
            engine.accept(e);
            if (stateDir != null && ++sinceCheckpoint >= checkpointEvery) {
              sinceCheckpoint = 0;
              List<EventReader.Malformed> sample = sample(malformedSample, reader.malformed());
              checkpoint(engine, sink, fingerprints, fileIndex, reader.position(),
                  malformedDone + reader.malformedCount(), sample);
            }
          }
          malformedDone += reader.malformedCount();
          malformedSample = sample(malformedSample, reader.malformed());
        } finally {
          reader.close();
        }
      }
      engine.flush();
      if (stateDir != null) {
        checkpoint(engine, sink, fingerprints, inputs.size(), EventReader.Position.START, malformedDone,
            malformedSample);
      }
      sink.finish();
    } catch (RuntimeException | IOException e) {
      sink.abandon();
      throw e;
    }
    Engine.Stats stats = engine.stats();
    return new Summary(stats.events(), malformedDone, List.copyOf(malformedSample), stats.untimed(), stats.late(),
        stats.alertsByRule(), resumed, resumedAt, resumedFile);
  }

  private static List<EventReader.Malformed> sample(List<EventReader.Malformed> before,
      List<EventReader.Malformed> now) {
    List<EventReader.Malformed> out = new ArrayList<>(before);
    for (EventReader.Malformed m : now) {
      if (out.size() >= 100) {
        break;
      }
      out.add(m);
    }
    return out;
  }

  private String outputName() {
    return output == null ? "-" : output.toAbsolutePath().normalize().toString();
  }

  private List<String> fingerprints() throws IOException {
    List<String> out = new ArrayList<>();
    for (String in : inputs) {
      if (in.equals("-")) {
        out.add("-");
        continue;
      }
      Path p = Path.of(in);
      MessageDigest sha;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try (InputStream s = Files.newInputStream(p)) {
        sha.update(s.readNBytes(FINGERPRINT_BYTES));
      } catch (NoSuchFileException e) {
        throw new DetectException(in + ": no such file");
      } catch (IOException e) {
        throw new DetectException(in + ": cannot read: " + EventReader.describe(e), e);
      }
      out.add(p.toAbsolutePath().normalize() + "#" + HexFormat.of().formatHex(sha.digest(), 0, 16));
    }
    return out;
  }

  private @Nullable JsonNode readCheckpoint() throws IOException {
    Path dir = stateDir;
    if (dir == null) {
      return null;
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new DetectException(dir + ": not a directory");
    }
    Files.createDirectories(dir);
    Path file = dir.resolve(CHECKPOINT);
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode node;
    try {
      node = Engine.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new DetectException(file + ": unreadable checkpoint; remove it to start over");
    }
    if (node == null || node.path("version").asInt() != CHECKPOINT_VERSION) {
      throw new DetectException(file + ": checkpoint from an incompatible version; remove it to start over");
    }
    if (!node.path("format").asText().equals(format.name())) {
      throw new DetectException(file + ": checkpoint was written for --format "
          + node.path("format").asText().toLowerCase(java.util.Locale.ROOT) + "; use it again or remove the state");
    }
    return node;
  }

  private void checkpoint(Engine engine, Sink sink, List<String> fingerprints, int fileIndex,
      EventReader.Position position, long malformed, List<EventReader.Malformed> malformedSample) throws IOException {
    Path dir = stateDir;
    if (dir == null) {
      return;
    }
    long outputLength = sink.sync();
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream(1 << 16);
    engine.writeSnapshot(snapshot);
    Path tmp = dir.resolve(CHECKPOINT + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      JsonGenerator g = EventReader.JSON.createGenerator(out);
      g.setCodec(Engine.MAPPER);
      g.writeStartObject();
      g.writeNumberField("version", CHECKPOINT_VERSION);
      g.writeStringField("format", format.name());
      g.writeObjectField("inputs", fingerprints);
      g.writeStringField("output", outputName());
      g.writeNumberField("outputLength", outputLength);
      g.writeNumberField("fileIndex", fileIndex);
      g.writeNumberField("records", position.records());
      g.writeNumberField("byteOffset", position.byteOffset());
      g.writeNumberField("line", position.line());
      g.writeNumberField("malformed", malformed);
      g.writeObjectField("malformedSample", malformedSample);
      g.writeFieldName("engine");
      g.writeRawValue(snapshot.toString(StandardCharsets.UTF_8));
      g.writeEndObject();
      g.flush();
      out.flush();
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new DetectException(dir + ": the state directory does not support atomic rename");
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename is still atomic
    }
    sink.checkpointed();
  }

  /** Where alert lines go: OUT (direct with state, via a temp file without), or standard output. */
  private final class Sink {
    @Nullable AlertWriter writer;
    private @Nullable FileChannel channel;
    private @Nullable OutputStream out;
    private @Nullable Path temp;
    private long written;
    private @Nullable OutputStream journal;
    private final Set<String> alreadyEmitted = new HashSet<>();

    void open(long resumeLength) throws IOException {
      if (output == null) {
        out = stdout;
        if (stateDir != null) {
          Path j = stateDir.resolve(JOURNAL);
          if (Files.exists(j)) {
            alreadyEmitted.addAll(Files.readAllLines(j, StandardCharsets.UTF_8));
          }
          journal = Files.newOutputStream(j, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return;
      }
      Path target = output;
      Path parent = target.toAbsolutePath().getParent();
      if (stateDir == null) {
        temp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
        channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      } else {
        channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long size = channel.size();
        if (size < resumeLength) {
          throw new DetectException(target + ": shorter (" + size + " bytes) than the checkpoint records ("
              + resumeLength + "); remove the state directory to start over");
        }
        channel.truncate(resumeLength);
        channel.position(resumeLength);
        written = resumeLength;
      }
      out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    void write(Alert a) {
      AlertWriter w = writer;
      OutputStream o = out;
      if (w == null || o == null) {
        throw new IllegalStateException("sink not open");
      }
      try {
        if (journal != null) {
          if (alreadyEmitted.contains(a.id())) {
            return;
          }
          o.write(w.line(a));
          o.flush();
          journal.write((a.id() + "\n").getBytes(StandardCharsets.UTF_8));
          journal.flush();
          return;
        }
        byte[] line = w.line(a);
        o.write(line);
        written += line.length;
        if (channel == null) {
          o.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Flushes and fsyncs the output; returns its length. */
    long sync() throws IOException {
      if (out != null) {
        out.flush();
      }
      if (channel != null) {
        channel.force(false);
      }
      return written;
    }

    void checkpointed() throws IOException {
      if (journal != null && stateDir != null) {
        journal.close();
        journal = Files.newOutputStream(stateDir.resolve(JOURNAL), StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        alreadyEmitted.clear();
      }
    }

    void finish() throws IOException {
      sync();
      if (channel != null) {
        channel.close();
      }
      if (journal != null) {
        journal.close();
      }
      if (temp != null && output != null) {
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        temp = null;
      }
    }

    void abandon() {
      try {
        if (channel != null) {
          channel.close();
        }
        if (journal != null) {
          journal.close();
        }
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        // best effort: the original error matters more
      }
    }
  }

  /** Options of a run; defaults: standard input and output, built-in config, JSON lines, no state. */
  public static final class Builder {
    private List<String> inputs = List.of();
    private InputStream stdin = System.in;
    private OutputStream stdout = System.out;
    private DetectConfig config = DetectConfig.defaults();
    private Watchlist watchlist = Watchlist.empty();
    private AlertFormat format = AlertFormat.JSONL;
    private @Nullable Path output;
    private @Nullable Path stateDir;
    private long checkpointEvery = 100_000;
    private String productVersion = "unknown";

    private Builder() {}

    /** Input files in order; "-" is standard input; empty means standard input. */
    public Builder inputs(List<String> files) {
      inputs = List.copyOf(files);
      return this;
    }

    public Builder stdin(InputStream in) {
      stdin = in;
      return this;
    }

    public Builder stdout(OutputStream out) {
      stdout = out;
      return this;
    }

    public Builder config(DetectConfig c) {
      config = c;
      return this;
    }

    public Builder watchlist(Watchlist w) {
      watchlist = w;
      return this;
    }

    public Builder format(AlertFormat f) {
      format = f;
      return this;
    }

    /** Alert file; null (or "-") means standard output. */
    public Builder output(@Nullable Path out) {
      output = out == null || out.toString().equals("-") ? null : out;
      return this;
    }

    public Builder stateDir(@Nullable Path dir) {
      stateDir = dir;
      return this;
    }

    public Builder checkpointEvery(long events) {
      if (events < 1) {
        throw new IllegalArgumentException("checkpointEvery must be at least 1");
      }
      checkpointEvery = events;
      return this;
    }

    public Builder productVersion(String version) {
      productVersion = version;
      return this;
    }

    public DetectRun build() {
      return new DetectRun(this);
    }
  }
}
