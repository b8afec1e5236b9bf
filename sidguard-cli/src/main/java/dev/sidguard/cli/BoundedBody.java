package dev.sidguard.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read under a size limit: reading past {@code max} bytes fails with {@link TooLarge},
 * whether or not the client declared a Content-Length. Shared by serve's hook and web routes.
 */
final class BoundedBody extends FilterInputStream {
  private final long max;
  private long read;

  /** Thrown once more than the limit has arrived; the message names the limit, never content. */
  static final class TooLarge extends IOException {
    TooLarge(long max) {
      super("body is over the limit of " + max + " bytes");
    }
  }

  BoundedBody(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  /**
   * Reads and drops what the client is still sending, up to {@code limit} bytes, so that a client
   * that sends its whole body before reading gets the error answer rather than a connection reset.
   */
  static void drain(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    for (int n; total <= limit && (n = in.read(buf)) > 0; ) {
      total += n;
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(long n) throws TooLarge {
    read += n;
    if (read > max) {
      throw new TooLarge(max);
    }
  }
}
