package dev.sidguard.har;

/**
 * A HAR or policy input that cannot be processed; the message is one line naming the source and position.
 *
 * <p>Format: {@code <source>: line L, column C: <what> (at log.entries[12].request.headers)}. The position
 * part is omitted when unknown (line 0), the {@code (at …)} part when no HAR path applies. Messages never
 * contain input values.
 */
public final class HarException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final long column;

  HarException(String source, long line, long column, String what, String harPath) {
    super(format(source, line, column, what, harPath));
    this.source = source;
    this.line = line;
    this.column = column;
  }

  HarException(String source, long line, long column, String what) {
    this(source, line, column, what, "");
  }

  private static String format(String source, long line, long column, String what, String harPath) {
    StringBuilder sb = new StringBuilder(source).append(": ");
    if (line > 0) {
      sb.append("line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
      sb.append(": ");
    }
    sb.append(what);
    if (!harPath.isEmpty()) {
      sb.append(" (at ").append(harPath).append(')');
    }
    return sb.toString();
  }

  /** The file name (or other source name) the error is in. */
  public String source() {
    return source;
  }

  /** 1-based line of the error, 0 when unknown. */
  public long line() {
    return line;
  }

  /** 1-based column of the error, 0 when unknown. */
  public long column() {
    return column;
  }
}
