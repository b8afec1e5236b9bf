package dev.sidguard.har;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Runs the scanner in tests, and records what the sanitizer redacts, as comparable (entry, location, kind). */
final class Scans {

  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private Scans() {}

  static ScanResult scan(byte[] har, Instant now) {
    try {
      return HarScanner.create(Policy.defaults()).withClock(Clock.fixed(now, ZoneOffset.UTC))
          .scan(new ByteArrayInputStream(har), "test.har");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ScanResult scan(byte[] har) {
    return scan(har, NOW);
  }

  static ScanResult scan(ObjectNode har, Instant now) {
    return scan(Hars.text(har).getBytes(StandardCharsets.UTF_8), now);
  }

  static ScanResult scan(ObjectNode har) {
    return scan(har, NOW);
  }

  /** "entry | location | kind" of every finding, sorted. */
  static List<String> found(ScanResult r) {
    List<String> out = new ArrayList<>();
    for (Finding f : r.findings()) {
      out.add(f.entry() + " | " + f.location() + " | " + f.kind());
    }
    out.sort(null);
    return out;
  }

  /** "entry | location | kind" of every value the sanitizer replaces, sorted. */
  static List<String> redacted(byte[] har, Policy policy) {
    List<String> out = new ArrayList<>();
    SecretSink observer = new SecretSink() {
      long entry = -1;

      @Override
      public boolean rewrites() {
        return false;
      }

      @Override
      public void enter(long index, @Nullable ObjectNode e) {
        entry = index;
      }

      @Override
      public String onSecret(String kind, Loc location, String secret) {
        out.add(entry + " | " + location.render() + " | " + kind);
        return secret;
      }
    };
    try {
      HarSanitizer.create(policy).sanitize(new ByteArrayInputStream(har), OutputStream.nullOutputStream(), "test.har",
          observer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }
}
