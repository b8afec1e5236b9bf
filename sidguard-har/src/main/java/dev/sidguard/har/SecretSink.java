package dev.sidguard.har;

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
}
