package dev.sidguard.har;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Receives every secret the detectors find. Sanitizing replaces it with a marker; a scanner records it and
 * leaves the text alone. This is the single point where "what is a secret" meets "what to do with it".
 */
interface SecretSink {

  /** Whether the returned replacement should be written back into the HAR. */
  boolean rewrites();

  /**
   * Called once per secret occurrence.
   *
   * @param kind marker kind, lowercase letters, digits and hyphens (cookie, bearer-token, jwt-signature, …)
   * @param location where in the entry the secret was found
   * @param secret the secret text itself (never to be logged)
   * @return the text to put in its place when {@link #rewrites()} is true
   */
  String onSecret(String kind, Loc location, String secret);

  /**
   * Like {@link #onSecret} for a secret that is only part of a token, {@code text[tokenStart, tokenEnd)}
   * (the signature of a JWT whose header and claims stay): a scanner reads the claims from the token.
   */
  default String onSecretInToken(String kind, Loc location, String secret, String text, int tokenStart,
      int tokenEnd) {
    return onSecret(kind, location, secret);
  }

  /**
   * Called before the walker reads log.entries[index] (entry is its tree, not to be changed), and with index
   * -1 and no entry before any other HAR member (pages, creator, unknown members).
   */
  default void enter(long index, @Nullable ObjectNode entry) {}
}
