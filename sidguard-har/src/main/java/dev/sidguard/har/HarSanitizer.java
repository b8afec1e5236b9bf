package dev.sidguard.har;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sanitizes HAR streams; thread-safe and reusable; every call uses a fresh random HMAC key.
 *
 * <p>Each secret value is replaced by a marker {@code REDACTED-<kind>-<fp>}: {@code kind} names what it
 * was ({@code cookie}, {@code bearer-token}, {@code jwt-signature}, …; lowercase letters, digits, hyphens)
 * and {@code fp} is the first 12 hex characters of HMAC-SHA256 over the secret's UTF-8 bytes, keyed with
 * 32 random bytes drawn for this call only. The same secret gets the same marker throughout one call;
 * markers of two calls cannot be linked; markers already present pass through unchanged. Names, URLs'
 * scheme, host and path, statuses, timings and everything non-secret are kept.
 *
 * <pre>{@code
 * HarSanitizer sanitizer = HarSanitizer.create(Policy.defaults());
 * try (InputStream in = Files.newInputStream(har); OutputStream out = Files.newOutputStream(tmp)) {
 *   SanitizeReport report = sanitizer.sanitize(in, out, har.getFileName().toString());
 *   System.err.println(report.summary());
 * }
 * }</pre>
 */
public final class HarSanitizer {

  private final Policy policy;

  private HarSanitizer(Policy policy) {
    this.policy = policy;
  }

  /** A sanitizer applying the given policy. */
  public static HarSanitizer create(Policy policy) {
    return new HarSanitizer(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Reads a HAR from in, writes the sanitized HAR to out (does not close either).
   *
   * @param sourceName the name used in error messages, usually the file name
   * @throws HarException when the input is not a readable HAR (truncated, not JSON, not UTF-8, too deep,
   *     wrong structure); output written so far must then be discarded
   * @throws IOException when reading or writing the streams fails
   */
  public SanitizeReport sanitize(InputStream in, OutputStream out, String sourceName) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(sourceName, "sourceName");
    return sanitize(in, out, sourceName, null);
  }

  /** As the public method; observer (for tests) also sees every entry and every secret redacted. */
  SanitizeReport sanitize(InputStream in, OutputStream out, String sourceName, @Nullable SecretSink observer)
      throws IOException {
    Redactor redactor = new Redactor(new Markers(), observer);
    long entries = HarStreamer.run(in, out, sourceName, new EntryWalker(policy, redactor));
    return new SanitizeReport(entries, redactor.total, redactor.byKind, redactor.byLocation);
  }

  /** The policy this sanitizer applies. */
  public Policy policy() {
    return policy;
  }

  /** Replaces every secret by its marker and counts what it replaced. */
  private static final class Redactor implements SecretSink {
    private final Markers markers;
    private final Map<String, Long> byKind = new HashMap<>();
    private final Map<String, Long> byLocation = new HashMap<>();
    private final @Nullable SecretSink observer;
    private long total;

    Redactor(Markers markers, @Nullable SecretSink observer) {
      this.markers = markers;
      this.observer = observer;
    }

    @Override
    public void enter(long index, @Nullable ObjectNode entry) {
      if (observer != null) {
        observer.enter(index, entry);
      }
    }

    @Override
    public boolean rewrites() {
      return true;
    }

    @Override
    public String onSecret(String kind, Loc location, String secret) {
      total++;
      byKind.merge(kind, 1L, Long::sum);
      byLocation.merge(location.locationClass(), 1L, Long::sum);
      if (observer != null) {
        observer.onSecret(kind, location, secret);
      }
      return markers.marker(kind, secret);
    }
  }
}
