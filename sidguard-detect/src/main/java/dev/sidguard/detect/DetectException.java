package dev.sidguard.detect;

/** A one-line, user-facing failure of the detect module: unreadable input, bad configuration or watchlist. */
public final class DetectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DetectException(String message) {
    super(message);
  }

  public DetectException(String message, Throwable cause) {
    super(message, cause);
  }
}
