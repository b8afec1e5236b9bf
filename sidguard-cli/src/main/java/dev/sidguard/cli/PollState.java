package dev.sidguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.detect.Engine;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The checkpoint of the long-running sources (poll, serve): one JSON file replaced by rename, so a
 * crash leaves either the previous checkpoint or the new one, never a mix. It holds together what
 * must agree: poll's next-link cursor (serve has none: Okta pushes), the engine snapshot (keyed
 * state and ordering buffer), the uuids seen within the out-of-order window, the alert count and
 * how long the alert file was when the checkpoint was taken. Each command has its own file names,
 * so poll and serve may share a --state directory. The credential is never part of it (the cursor
 * is Okta's Link URL, which carries none).
 */
final class PollState {
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a checkpoint holds; {@code source} is poll's org or serve's endpoint, {@code cursor} is
   * null for serve, {@code engine} is the raw snapshot JSON.
   */
  record Checkpoint(String org, @Nullable String cursor, String output, long outputLength, long alerts,
      Map<String, Long> seen, String engine) {}

  private final Path dir;
  private final String command;
  private final boolean hasCursor;

  private PollState(Path dir, String command, boolean hasCursor) {
    this.dir = dir;
    this.command = command;
    this.hasCursor = hasCursor;
  }

  /** poll's state: {@code poll-checkpoint.json}, with a cursor. */
  static PollState open(Path dir) {
    return open(dir, "poll", true);
  }

  /** serve's state: {@code serve-checkpoint.json}, without a cursor. */
  static PollState openForServe(Path dir) {
    return open(dir, "serve", false);
  }

  private static PollState open(Path dir, String command, boolean hasCursor) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new PollException(dir + ": --state is not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new PollException(dir + ": cannot create the state directory: " + e.getMessage(), e);
    }
    return new PollState(dir, command, hasCursor);
  }

  Path journal() {
    return dir.resolve(command + "-alerts-since-checkpoint.txt");
  }

  Path file() {
    return dir.resolve(command + "-checkpoint.json");
  }

  @Nullable Checkpoint read() {
    Path file = file();
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new PollException(file + ": unreadable checkpoint; remove it to start over", e);
    }
    if (n == null || n.path("version").asInt() != VERSION || hasCursor && !n.path("cursor").isTextual()
        || !n.path("engine").isObject()) {
      throw new PollException(file + ": not a " + command + " checkpoint of this version; remove it to start over");
    }
    Map<String, Long> seen = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("seen").properties()) {
      seen.put(e.getKey(), e.getValue().asLong());
    }
    return new Checkpoint(n.path("org").asText(), hasCursor ? n.path("cursor").asText() : null, n.path("output").asText(),
        n.path("outputLength").asLong(), n.path("alerts").asLong(), seen, n.path("engine").toString());
  }

  /**
   * Flushes and fsyncs the alerts, then checkpoints them together with the engine and the recent
   * uuids; the stdout journal starts over.
   */
  void checkpoint(String source, @Nullable String cursor, String outputName, PollAlerts alerts, long alertsBefore,
      Engine engine, RecentUuids seen) throws IOException {
    long length = alerts.sync();
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream(1 << 16);
    engine.writeSnapshot(snapshot);
    write(new Checkpoint(source, cursor, outputName, length, alertsBefore + alerts.emitted(), seen.snapshot(),
        snapshot.toString(StandardCharsets.UTF_8)));
    alerts.checkpointed();
  }

  /** Replaces the checkpoint atomically (temp file, fsync, rename, fsync of the directory). */
  void write(Checkpoint c) throws IOException {
    Path target = file();
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      JsonGenerator g = JSON.getFactory().createGenerator(out);
      g.writeStartObject();
      g.writeNumberField("version", VERSION);
      g.writeStringField("org", c.org());
      if (c.cursor() != null) {
        g.writeStringField("cursor", c.cursor());
      }
      g.writeStringField("output", c.output());
      g.writeNumberField("outputLength", c.outputLength());
      g.writeNumberField("alerts", c.alerts());
      g.writeObjectFieldStart("seen");
      for (Map.Entry<String, Long> e : c.seen().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeFieldName("engine");
      g.writeRawValue(c.engine());
      g.writeEndObject();
      g.flush();
      out.flush();
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new PollException(dir + ": the state directory does not support atomic rename", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename is atomic all the same
    }
  }
}
