package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/*
 * Keeps the raw input bytes of the member being read (one HAR entry at a time), so that a long string the
 * walker leaves unchanged is copied to the output byte for byte instead of being encoded again. Encoding a
 * response body back to UTF-8 JSON costs about as much as parsing it, and most bodies do not change.
 *
 * The parser reads through this stream; every byte it reads is appended to one buffer that is cut back
 * (restartAt) when the streamer starts the next entry, so the buffer holds the current entry plus the
 * parser's read-ahead. The buffer never grows beyond MAX_BUFFER: when it would, everything kept so far is
 * dropped and strings that lay in it are simply encoded as before. Memory stays bounded by one entry and
 * by that constant.
 *
 * A string read with readLiteral becomes a Literal node that remembers the stream offsets of its quoted
 * literal (parser byte offsets are counted from the first byte of the stream, BOM included, exactly like
 * ours). It is still decoded (the walker scans it and the parser checks its UTF-8); only writing is
 * spared. Every change the walker makes puts a new node in place, so a Literal is always unchanged text.
 * The copy keeps the input's escapes ("\/", "\u00e9"), which is the same JSON string. Before copying, the
 * range is checked to lie in the buffer and to start and end with a quote; otherwise the node is encoded.
 */
final class RawInput extends InputStream {

  /** Strings shorter than this are encoded: tracking them costs more than it saves. */
  static final int MIN_LITERAL = 64;
  private static final int MAX_BUFFER = 16 << 20;

  /** A string value whose quoted literal spans the stream bytes [start, end). */
  static final class Literal extends TextNode {
    private static final long serialVersionUID = 1L;
    final long start;
    final long end;

    Literal(String value, long start, long end) {
      super(value);
      this.start = start;
      this.end = end;
    }
  }

  private final InputStream in;
  private final int maxBuffer;
  private byte[] buf;
  private long base;
  private int size;
  private boolean off;

  RawInput(InputStream in) {
    this(in, MAX_BUFFER);
  }

  RawInput(InputStream in, int maxBuffer) {
    this.in = in;
    this.maxBuffer = maxBuffer;
    this.buf = new byte[Math.min(1 << 16, maxBuffer)];
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      byte[] one = {(byte) b};
      append(one, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      append(b, off, n);
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  /** Stops keeping bytes, for a parser that does not count byte offsets (UTF-16 or UTF-32 input). */
  void stop() {
    off = true;
    buf = new byte[0];
    size = 0;
  }

  private void append(byte[] b, int from, int n) {
    if (off) {
      return;
    }
    if (size + n > buf.length) {
      if ((long) size + n > maxBuffer) {
        base += size + n;
        size = 0;
        return;
      }
      buf = Arrays.copyOf(buf, Math.min(maxBuffer, Math.max(size + n, 2 * buf.length)));
    }
    System.arraycopy(b, from, buf, size, n);
    size += n;
  }

  /** Forgets the bytes before stream offset from (the start of the next member to read). */
  void restartAt(long from) {
    long drop = Math.min(from - base, size);
    if (drop <= 0) {
      return;
    }
    int keep = size - (int) drop;
    if (buf.length > (1 << 20) && keep < buf.length / 4) {
      byte[] smaller = new byte[Math.max(1 << 16, 2 * keep)];
      System.arraycopy(buf, (int) drop, smaller, 0, keep);
      buf = smaller;
    } else {
      System.arraycopy(buf, (int) drop, buf, 0, keep);
    }
    base += drop;
    size = keep;
  }

  /** The parser's current string value, as a Literal when it is long and its offsets are known. */
  static TextNode readLiteral(JsonParser p) throws IOException {
    long start = p.currentTokenLocation().getByteOffset();
    String value = p.getText();
    if (value.length() < MIN_LITERAL || start < 0) {
      return TextNode.valueOf(value);
    }
    return new Literal(value, start, p.currentLocation().getByteOffset());
  }

  /** Copies the literal's input bytes to g when they are still here; false when it must be encoded. */
  boolean copy(Literal literal, JsonGenerator g) throws IOException {
    long from = literal.start - base;
    long to = literal.end - base;
    if (from < 0 || to > size || to - from < 2 || buf[(int) from] != '"' || buf[(int) to - 1] != '"') {
      return false;
    }
    g.writeRawUTF8String(buf, (int) from + 1, (int) (to - from) - 2);
    return true;
  }
}
