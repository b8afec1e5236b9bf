package dev.sidguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The poll checkpoint: one JSON file replaced by rename, so a crash leaves either the previous
 * checkpoint or the new one, never a mix. It holds together what must agree: the next-link
 * cursor, the engine snapshot (keyed state and ordering buffer), the uuids seen within the
 * out-of-order window, the alert count and how long the alert file was when the checkpoint was
 * taken. The credential is never part of it (the cursor is Okta's Link URL, which carries none).
 */
final class PollState {
  static final String FILE = "poll-checkpoint.json";
  static final String JOURNAL = "poll-alerts-since-checkpoint.txt";
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a checkpoint holds; {@code engine} is the raw snapshot JSON. */
  record Checkpoint(String org, String cursor, String output, long outputLength, long alerts,
      Map<String, Long> seen, String engine) {}

  private final Path dir;

  private PollState(Path dir) {
    this.dir = dir;
  }

  static PollState open(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new PollException(dir + ": --state is not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new PollException(dir + ": cannot create the state directory: " + e.getMessage(), e);
    }
    return new PollState(dir);
  }

  Path journal() {
    return dir.resolve(JOURNAL);
  }

  @Nullable Checkpoint read() {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new PollException(file + ": unreadable checkpoint; remove it to start over", e);
    }
    if (n == null || n.path("version").asInt() != VERSION || !n.path("cursor").isTextual()
        || !n.path("engine").isObject()) {
      throw new PollException(file + ": not a poll checkpoint of this version; remove it to start over");
    }
    Map<String, Long> seen = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("seen").properties()) {
      seen.put(e.getKey(), e.getValue().asLong());
    }
    return new Checkpoint(n.path("org").asText(), n.path("cursor").asText(), n.path("output").asText(),
        n.path("outputLength").asLong(), n.path("alerts").asLong(), seen, n.path("engine").toString());
  }

  /** Replaces the checkpoint atomically (temp file, fsync, rename, fsync of the directory). */
  void write(Checkpoint c) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      JsonGenerator g = JSON.getFactory().createGenerator(out);
      g.writeStartObject();
      g.writeNumberField("version", VERSION);
      g.writeStringField("org", c.org());
      g.writeStringField("cursor", c.cursor());
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
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
