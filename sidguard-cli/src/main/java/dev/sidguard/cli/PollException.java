package dev.sidguard.cli;

/** A one-line failure of {@code sidguard poll} or {@code serve}: refused URL, missing credential, Okta error, unreadable state, port in use. */
final class PollException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PollException(String message) {
    super(message);
  }

  PollException(String message, Throwable cause) {
    super(message, cause);
  }
}
