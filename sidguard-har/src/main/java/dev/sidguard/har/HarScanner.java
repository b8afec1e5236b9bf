package dev.sidguard.har;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * Scans HAR streams for credentials with the sanitizer's detectors, without writing anything: what
 * {@link HarSanitizer} would replace is exactly what this reports, as {@link Finding}s that never hold a value.
 *
 * <p><b>Fingerprints</b> are the first 12 hex characters of HMAC-SHA256 over the value, keyed with 32 random
 * bytes per scanner (so equal values get equal fingerprints across all files of one run and nothing can be
 * recovered), or with a caller's key ({@link #withFingerprintKey}) for fingerprints that stay stable
 * across runs.
 *
 * <p><b>Liveness</b> ({@link Finding.Live}): the expiry of a value is, in this order, a JWT's {@code exp}
 * claim, the {@code expiresAt} of an Okta {@code /api/v1/sessions/me} response in the HAR (for the
 * {@code sid}/{@code idx} cookies sent with it), or the cookie's expiry ({@code Set-Cookie} Max-Age counted
 * from the entry's {@code startedDateTime}, else Expires; else the cookies array's {@code expires}). Then:
 * {@code false} when that expiry is not after now (the clock); {@code true} when it is after now and the
 * token is valid already (no {@code nbf} after now); {@code unknown} otherwise. A session cookie without any
 * known expiry is {@code unknown}, however old the HAR: only the server knows whether the session still
 * lives.
 *
 * <p><b>Identity</b>: a finding's tenant is the Okta org its request went to ({@code *.okta.com},
 * {@code *.oktapreview.com}, custom domains seen with Okta responses or paths); its user is the JWT's
 * email/preferred_username/sub, else the user the HAR shows for that tenant or host
 * ({@code /api/v1/users/me}, {@code /api/v1/sessions/me}, login forms); admin is set when the HAR shows
 * that tenant's admin console ({@code ORG-admin.okta.com}, {@code /admin/}).
 *
 * <pre>{@code
 * HarScanner scanner = HarScanner.create(Policy.defaults());
 * try (InputStream in = Files.newInputStream(har)) {
 *   ScanResult result = scanner.scan(in, har.getFileName().toString());
 *   System.out.println(result.summary());   // UNSAFE: 2 live credentials in 5 requests, …
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Memory per scan grows with the number of findings, not with
 * the size of the file.
 */
public final class HarScanner {

  private final Policy policy;
  private final byte[] key;
  private final Clock clock;

  private HarScanner(Policy policy, byte[] key, Clock clock) {
    this.policy = policy;
    this.key = key;
    this.clock = clock;
  }

  /** A scanner with the policy's detectors, a random fingerprint key and the system clock. */
  public static HarScanner create(Policy policy) {
    return new HarScanner(Objects.requireNonNull(policy, "policy"), Markers.randomKey(), Clock.systemUTC());
  }

  /** The same scanner with a fixed fingerprint key (at least 16 bytes), for fingerprints stable across runs. */
  public HarScanner withFingerprintKey(byte[] fingerprintKey) {
    if (fingerprintKey.length < 16) {
      throw new IllegalArgumentException("a fingerprint key needs at least 16 bytes");
    }
    return new HarScanner(policy, Arrays.copyOf(fingerprintKey, fingerprintKey.length), clock);
  }

  /** The same scanner judging liveness against this clock. */
  public HarScanner withClock(Clock now) {
    return new HarScanner(policy, key, Objects.requireNonNull(now, "now"));
  }

  /**
   * Reads a HAR from in (not closed) and reports its credentials.
   *
   * @param sourceName the name used in findings and error messages, usually the file name
   * @throws HarException when the input is not a readable HAR (the message names source and position)
   * @throws IOException when reading the stream fails
   */
  public ScanResult scan(InputStream in, String sourceName) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sourceName, "sourceName");
    ScanSink sink = new ScanSink(sourceName, new Markers(key));
    long entries = HarStreamer.run(in, null, sourceName, new EntryWalker(policy, sink));
    return sink.result(entries, clock.instant());
  }

  /** The policy whose detectors this scanner runs. */
  public Policy policy() {
    return policy;
  }
}
