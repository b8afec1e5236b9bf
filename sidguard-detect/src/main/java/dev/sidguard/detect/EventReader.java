package dev.sidguard.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads Okta System Log events from a JSON array (as {@code /api/v1/logs} returns), NDJSON, or
 * pretty-printed concatenated objects, each optionally gzip-compressed (detected by magic bytes).
 */
public final class EventReader implements Closeable {
  /*
   * NDJSON (the fast path) is read from a byte buffer. The complete lines in the buffer form a
   * batch that one Jackson parser reads object after object; after each object the reader itself
   * checks that only blanks follow up to the line's '\n' and that the object did not span lines,
   * so it never scans a line for its newline nor builds a parser per line. Anything else (a line
   * that does not start with '{', a syntax error, trailing data, an object over several lines, a
   * line not complete in the buffer) ends the batch and that one line goes the per-line way: split
   * at its newline and parsed with its own small parser, which names the fault exactly as it always
   * did, so a malformed line is counted and skipped and the next line reads normally. JSON arrays and pretty-printed objects use one streaming parser; a syntax error there
   * ends the file (counted as one malformed record at the error's line) because no safe resync
   * point exists. Malformed records are described by line and column only: never by content.
   *
   * Position: records() counts every record consumed (events and malformed); for uncompressed
   * NDJSON the byte offset of the next record is exact, so a resume can seek instead of re-reading.
   */
  static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final int MAX_LINE = 64 << 20;
  private static final int KEEP_MALFORMED = 100;

  private final String name;
  private final InputStream in;
  private final Mode mode;
  private final boolean compressed;
  private final List<Malformed> malformed = new ArrayList<>();
  private final OktaFieldMap.Context fields = new OktaFieldMap.Context();
  private long malformedCount;
  private long records;
  private long line;
  private long recordLine;
  private long offset;
  private boolean ended;
  private static final int RECORD = 1;
  private static final int SKIPPED = 0;
  private static final int END = -1;
  private int lineFrom;
  private int lineTo;
  // NDJSON line buffer
  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int lim;
  private boolean eof;
  // NDJSON batch: complete lines buf[pos, batchEnd) read by batchParser, created at buf[batchBase]
  private int batchEnd;
  private int batchBase;
  private @Nullable JsonParser batchParser;
  private boolean nextPerLine;
  // array / concatenated parser
  private @Nullable JsonParser stream;

  private enum Mode { NDJSON, ARRAY, CONCATENATED, EMPTY }

  /** One skipped record: where it was and why, never what it held. */
  public record Malformed(String source, long line, String reason) {
    @Override
    public String toString() {
      return source + ": line " + line + ": " + reason;
    }
  }

  /** Where to resume reading a file: records already consumed and, for plain NDJSON, the byte offset. */
  record Position(long records, long byteOffset, long line) {
    static final Position START = new Position(0, 0, 0);
  }

  private EventReader(String name, InputStream raw, Position from, boolean resumeNdjsonAtOffset)
      throws IOException {
    this.name = name;
    if (resumeNdjsonAtOffset) {
      compressed = false;
      in = raw;
      mode = Mode.NDJSON;
      records = from.records();
      line = from.line();
      offset = from.byteOffset();
      return;
    }
    InputStream peekable = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
    peekable.mark(2);
    int b0 = peekable.read();
    int b1 = peekable.read();
    peekable.reset();
    compressed = b0 == 0x1f && b1 == 0x8b;
    in = compressed ? new GZIPInputStream(peekable, 1 << 16) : peekable;
    mode = detectMode();
    if (from.records() > 0) {
      skipTo(from);
    }
  }

  /**
   * Opens a file for reading.
   *
   * @throws DetectException when the file cannot be opened or read
   */
  public static EventReader open(Path file) {
    return open(file, Position.START);
  }

  static EventReader open(Path file, Position from) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        boolean seek = from.byteOffset() > 0;
        if (seek) {
          ch.position(from.byteOffset());
        }
        return new EventReader(file.toString(), Channels.newInputStream(ch), from, seek);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (NoSuchFileException e) {
      throw new DetectException(file + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new DetectException(file + ": permission denied");
    } catch (IOException e) {
      throw new DetectException(file + ": cannot read: " + describe(e), e);
    }
  }

  /** Reads from a stream (e.g. standard input) named {@code name} in messages. */
  public static EventReader open(InputStream in, String name) {
    try {
      return new EventReader(name, in, Position.START, false);
    } catch (IOException e) {
      throw new DetectException(name + ": cannot read: " + describe(e), e);
    }
  }

  /**
   * The next well-formed event, or null at the end of input; malformed records are skipped and
   * recorded.
   *
   * @throws DetectException when the underlying input fails (an I/O error, a corrupt gzip stream)
   */
  public @Nullable OktaEvent next() {
    try {
      while (!ended) {
        OktaEvent e = switch (mode) {
          case NDJSON -> nextLine();
          case ARRAY, CONCATENATED -> nextStreamed();
          case EMPTY -> null;
        };
        if (e != null) {
          return e;
        }
        if (mode == Mode.EMPTY) {
          ended = true;
        }
      }
      return null;
    } catch (IOException e) {
      throw new DetectException(name + ": line " + Math.max(line, 1) + ": cannot read: " + describe(e), e);
    }
  }

  /** The line on which the last returned event started (1-based). */
  public long line() {
    return recordLine;
  }

  /** The source name used in messages. */
  public String name() {
    return name;
  }

  /** Malformed records seen so far (the first 100 are kept; see {@link #malformedCount()}). */
  public List<Malformed> malformed() {
    return List.copyOf(malformed);
  }

  public long malformedCount() {
    return malformedCount;
  }

  Position position() {
    return new Position(records, mode == Mode.NDJSON && !compressed ? offset : -1, line);
  }

  @Override
  public void close() {
    try {
      if (stream != null) {
        stream.close();
      }
      endBatch();
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Mode detectMode() throws IOException {
    // Look at the first non-blank line without consuming it: NDJSON unless that line is a lone '{'.
    while (lim < 3 && !eof) {
      fill();
    }
    if (lim >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      pos = 3;
      offset = 3;
    }
    while (true) {
      int i = pos;
      while (i < lim && isBlank(buf[i])) {
        i++;
      }
      if (i < lim) {
        byte first = buf[i];
        if (first == '[') {
          return streamed(Mode.ARRAY);
        }
        int nl = newline(i);
        if (nl < 0 && !eof && lim - pos < MAX_LINE) {
          fill();
          continue;
        }
        int end = nl < 0 ? lim : nl;
        while (end > i && isBlank(buf[end - 1])) {
          end--;
        }
        if (first == '{' && end == i + 1) {
          return streamed(Mode.CONCATENATED);
        }
        return Mode.NDJSON;
      }
      if (eof) {
        return Mode.EMPTY;
      }
      fill();
    }
  }

  private Mode streamed(Mode m) throws IOException {
    InputStream rest = new java.io.SequenceInputStream(
        new java.io.ByteArrayInputStream(buf, pos, lim - pos), in);
    pos = lim = 0;
    stream = JSON.createParser(rest);
    if (m == Mode.ARRAY) {
      stream.nextToken();
    }
    return m;
  }

  private @Nullable OktaEvent nextLine() throws IOException {
    while (true) {
      boolean batch = !nextPerLine && (pos < batchEnd || startBatch());
      nextPerLine = false;
      if (batch) {
        OktaEvent e = nextInBatch();
        if (e != null) {
          return e;
        }
        continue;
      }
      int next = advance();
      if (next == END) {
        return null;
      }
      if (next == SKIPPED) {
        continue;
      }
      recordLine = line;
      OktaEvent e = parseLine();
      if (e != null) {
        return e;
      }
    }
  }

  /** Starts a batch over the complete lines in buf[pos, lim); false when there is none. */
  private boolean startBatch() {
    endBatch();
    for (int i = lim - 1; i >= pos; i--) {
      if (buf[i] == '\n') {
        batchEnd = i + 1;
        return true;
      }
    }
    return false;
  }

  /**
   * The event on the next non-blank line of the batch, consuming that line; or null, with pos at
   * the start of a line, when the batch is used up or that line must be read per line.
   */
  private @Nullable OktaEvent nextInBatch() throws IOException {
    int i = pos;
    while (i < batchEnd && isBlank(buf[i])) {
      if (buf[i++] == '\n') {
        line++;
        offset += i - pos;
        pos = i;
        if (i == batchEnd) {
          endBatch();
          return null;
        }
      }
    }
    if (buf[i] != '{') {
      return perLine();
    }
    JsonParser p = batchParser;
    if (p == null) {
      p = batchParser = JSON.createParser(buf, i, batchEnd - i);
      batchBase = i;
    }
    try {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return perLine();
      }
      JsonLocation start = p.currentTokenLocation();
      if (batchBase + start.getByteOffset() != i) {
        return perLine();
      }
      OktaEvent e = OktaFieldMap.read(p, fields);
      JsonLocation end = p.currentLocation();
      if (end.getLineNr() != start.getLineNr()) {
        return perLine();
      }
      int j = batchBase + (int) end.getByteOffset();
      while (buf[j] != '\n' && isBlank(buf[j])) {
        j++;
      }
      if (buf[j] != '\n') {
        return perLine();
      }
      line++;
      records++;
      recordLine = line;
      offset += j + 1 - pos;
      pos = j + 1;
      return e;
    } catch (IOException ex) {
      return perLine();
    }
  }

  private @Nullable OktaEvent perLine() {
    endBatch();
    nextPerLine = true;
    return null;
  }

  private void endBatch() {
    batchEnd = 0;
    JsonParser p = batchParser;
    batchParser = null;
    if (p != null) {
      try {
        p.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Parses the record at buf[lineFrom, lineTo); null when it is malformed (then recorded). */
  private @Nullable OktaEvent parseLine() {
    try (JsonParser p = JSON.createParser(buf, lineFrom, lineTo - lineFrom)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        malformed(line, "not a JSON object");
        return null;
      }
      OktaEvent e = OktaFieldMap.read(p, fields);
      if (p.nextToken() != null) {
        malformed(line, "trailing data after the JSON object");
        return null;
      }
      return e;
    } catch (JsonEOFException ex) {
      malformed(line, "truncated JSON");
    } catch (JsonParseException ex) {
      malformed(line, truncation(ex) ? "truncated JSON" : "invalid JSON at column " + column(ex.getLocation()));
    } catch (IOException ex) {
      malformed(line, "unreadable event");
    }
    return null;
  }

  /**
   * Moves to the next non-blank NDJSON line and counts it as a record: RECORD (its bytes are
   * buf[lineFrom, lineTo)), SKIPPED (too long; counted as malformed), or END of input.
   */
  private int advance() throws IOException {
    while (true) {
      int nl = newline(pos);
      while (nl < 0 && !eof) {
        if (lim - pos >= MAX_LINE) {
          skipLongLine();
          return SKIPPED;
        }
        fill();
        nl = newline(pos);
      }
      int start = pos;
      int end = nl < 0 ? lim : nl;
      if (start == end && nl < 0) {
        ended = true;
        return END;
      }
      pos = nl < 0 ? lim : nl + 1;
      offset += pos - start;
      line++;
      int s = start;
      while (s < end && isBlank(buf[s])) {
        s++;
      }
      if (s < end) {
        records++;
        lineFrom = s;
        lineTo = end;
        return RECORD;
      }
    }
  }

  private void skipLongLine() throws IOException {
    line++;
    records++;
    malformed(line, "line longer than " + (MAX_LINE >> 20) + " MiB");
    while (true) {
      int nl = newline(pos);
      if (nl >= 0) {
        offset += nl + 1 - pos;
        pos = nl + 1;
        return;
      }
      offset += lim - pos;
      pos = lim;
      if (eof) {
        return;
      }
      fill();
    }
  }

  private @Nullable OktaEvent nextStreamed() throws IOException {
    JsonParser p = stream;
    if (p == null) {
      ended = true;
      return null;
    }
    try {
      JsonToken t = p.nextToken();
      if (t == null || t == JsonToken.END_ARRAY) {
        if (t == JsonToken.END_ARRAY && p.nextToken() != null) {
          malformed(p.currentLocation().getLineNr(), "trailing data after the JSON array");
        }
        ended = true;
        return null;
      }
      records++;
      recordLine = p.currentTokenLocation().getLineNr();
      line = recordLine;
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        malformed(recordLine, "not a JSON object");
        return null;
      }
      return OktaFieldMap.read(p, fields);
    } catch (JsonEOFException ex) {
      malformed(p.currentLocation().getLineNr(), "truncated JSON; rest of the file skipped");
      ended = true;
      return null;
    } catch (JsonParseException ex) {
      JsonLocation at = ex.getLocation();
      malformed(at == null ? line : at.getLineNr(),
          "invalid JSON at column " + column(at) + "; rest of the file skipped");
      ended = true;
      return null;
    }
  }

  private void skipTo(Position from) throws IOException {
    while (records < from.records() && !ended) {
      if (mode == Mode.NDJSON) {
        if (advance() == END) {
          break;
        }
      } else if (stream != null) {
        JsonToken t = stream.nextToken();
        if (t == null || t == JsonToken.END_ARRAY) {
          ended = true;
          break;
        }
        stream.skipChildren();
        records++;
        line = stream.currentLocation().getLineNr();
      } else {
        break;
      }
    }
    malformed.clear();
    malformedCount = 0;
  }

  private void malformed(long atLine, String reason) {
    malformedCount++;
    if (malformed.size() < KEEP_MALFORMED) {
      malformed.add(new Malformed(name, atLine, reason));
    }
  }

  private void fill() throws IOException {
    endBatch();
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      byte[] bigger = new byte[Math.min(buf.length * 2, MAX_LINE + 1)];
      System.arraycopy(buf, 0, bigger, 0, lim);
      buf = bigger;
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
    } else {
      lim += n;
    }
  }

  /** The index of the first '\n' in buf[from, lim), or -1; eight bytes per step (SWAR zero-byte test). */
  private int newline(int from) {
    int i = from;
    for (; i + Long.BYTES <= lim; i += Long.BYTES) {
      long w = (long) LONGS.get(buf, i) ^ NEWLINES;
      long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    for (; i < lim; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean truncation(JsonParseException ex) {
    String m = ex.getOriginalMessage();
    return m != null && m.contains("end-of-input");
  }

  private static int column(@Nullable JsonLocation at) {
    return at == null ? 0 : at.getColumnNr();
  }

  static String describe(IOException e) {
    if (e instanceof java.util.zip.ZipException) {
      return "corrupt gzip data";
    }
    if (e instanceof java.io.EOFException) {
      return "unexpected end of compressed data";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
