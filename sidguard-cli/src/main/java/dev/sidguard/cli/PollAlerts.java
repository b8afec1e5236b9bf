package dev.sidguard.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Where poll's alert lines go, so that a restart neither loses nor repeats one.
 *
 * To a file (-o): appended; with --state the file is cut back to the length recorded in the
 * checkpoint, because anything after it came from pages the restarted run processes again.
 * To standard output, which cannot be cut back: with --state each id is journaled before the
 * line is printed, and a restarted run skips ids already in the journal. The journal is emptied
 * at every checkpoint, since the engine state then knows those alerts.
 */
final class PollAlerts {
  private final @Nullable FileChannel channel;
  private final OutputStream out;
  private final @Nullable PrintWriter stdout;
  private final @Nullable Path journalFile;
  private @Nullable OutputStream journal;
  private final Set<String> alreadyPrinted = new HashSet<>();
  private long length;
  private long emitted;

  private PollAlerts(@Nullable FileChannel channel, OutputStream out, @Nullable PrintWriter stdout,
      @Nullable Path journalFile, long length) throws IOException {
    this.channel = channel;
    this.out = out;
    this.stdout = stdout;
    this.journalFile = journalFile;
    this.length = length;
    if (journalFile != null) {
      if (Files.exists(journalFile)) {
        alreadyPrinted.addAll(Files.readAllLines(journalFile, StandardCharsets.UTF_8));
      }
      journal = Files.newOutputStream(journalFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  /** Appends to {@code file}; {@code resumeLength} (>= 0) cuts it back to a checkpoint's length first. */
  static PollAlerts toFile(Path file, long resumeLength) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      long size = ch.size();
      long start = size;
      if (resumeLength >= 0) {
        if (size < resumeLength) {
          throw new PollException(file + ": shorter (" + size + " bytes) than the checkpoint records ("
              + resumeLength + "); remove the state directory to start over");
        }
        ch.truncate(resumeLength);
        start = resumeLength;
      }
      ch.position(start);
      return new PollAlerts(ch, new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), null, null, start);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Prints to {@code stdout}; with a journal file, ids journaled by a crashed run are not printed again. */
  static PollAlerts toStdout(PrintWriter stdout, @Nullable Path journal) throws IOException {
    return new PollAlerts(null, OutputStream.nullOutputStream(), stdout, journal, 0);
  }

  void write(String id, byte[] line) {
    emitted++;
    try {
      PrintWriter p = stdout;
      if (p != null) {
        if (!alreadyPrinted.remove(id)) {
          OutputStream j = journal;
          if (j != null) {
            j.write((id + "\n").getBytes(StandardCharsets.UTF_8));
            j.flush();
          }
          p.write(new String(line, StandardCharsets.UTF_8));
          p.flush();
        }
        return;
      }
      out.write(line);
      length += line.length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Alerts written by this run. */
  long emitted() {
    return emitted;
  }

  /** Flushes and fsyncs; returns the alert file's length (0 for standard output). */
  long sync() throws IOException {
    out.flush();
    FileChannel ch = channel;
    if (ch != null) {
      ch.force(false);
    }
    return length;
  }

  /** The checkpoint now covers every alert written: the journal starts over. */
  void checkpointed() throws IOException {
    Path j = journalFile;
    OutputStream old = journal;
    if (j != null && old != null) {
      old.close();
      journal = Files.newOutputStream(j, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      alreadyPrinted.clear();
    }
  }

  void close() throws IOException {
    sync();
    if (journal != null) {
      journal.close();
    }
    if (channel != null) {
      channel.close();
    }
  }
}
