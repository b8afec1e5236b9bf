package dev.sidguard.sim;

/** A simulation or evaluation input that cannot be used; the message is one complete sentence. */
public final class SimException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SimException(String message) {
    super(message);
  }

  public SimException(String message, Throwable cause) {
    super(message, cause);
  }
}
