package dev.sidguard.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/*
 * Output files appear whole or not at all: everything is written to a temporary file in the
 * target's directory (so the final rename stays on one file system) and renamed over the target
 * only after the writer succeeded. On any failure the temporary file is deleted, so a bad input
 * never leaves a partial output behind.
 */
final class AtomicOutput {

  /** Writes through {@code body}; the stream it gets is closed by this method. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicOutput() {}

  /** Writes {@code target} atomically; refuses to replace an existing file unless {@code force}. */
  static void write(Path target, boolean force, Body body) throws IOException {
    Path absolute = target.toAbsolutePath();
    if (!force && Files.exists(absolute)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path dir = absolute.getParent();
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        body.writeTo(out);
      }
      move(temp, absolute, force);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  /** Writes to standard output, or atomically to {@code target} when it is not "-". */
  static void writeToFileOrStdout(String target, boolean force, Body body) throws IOException {
    if ("-".equals(target)) {
      OutputStream out = new BufferedOutputStream(new UncloseableStream(System.out), 1 << 16);
      body.writeTo(out);
      out.flush();
    } else {
      write(Path.of(target), force, body);
    }
  }

  private static void move(Path temp, Path target, boolean force) throws IOException {
    try {
      if (force) {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // Re-check at the last moment: ATOMIC_MOVE may replace silently on some platforms.
        if (Files.exists(target)) {
          throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, force ? new StandardCopyOption[] {StandardCopyOption.REPLACE_EXISTING}
          : new StandardCopyOption[0]);
    }
  }

  private static void deleteQuietly(Path temp, Throwable cause) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** Keeps System.out open when a writer closes its stream. */
  private static final class UncloseableStream extends java.io.FilterOutputStream {
    UncloseableStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
