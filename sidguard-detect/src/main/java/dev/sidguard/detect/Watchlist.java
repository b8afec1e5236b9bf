package dev.sidguard.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HAR exposure watchlist that {@code sidguard scan --watchlist} writes and {@code detect}
 * reads: sessions and tokens that left the organisation inside a HAR file.
 *
 * <p>Format: JSON Lines, UTF-8, one object per exposed credential; blank lines are ignored and
 * unknown fields are allowed (for forward compatibility). Fields:
 *
 * <ul>
 *   <li>{@code sha256} (required): lowercase hex SHA-256 of the exact credential value as it
 *       appeared in the HAR (UTF-8 bytes). For an Okta {@code sid} cookie the value equals the
 *       Classic {@code authenticationContext.externalSessionId}, so detect matches it directly.
 *       The value itself is never written anywhere.
 *   <li>{@code kind} (required): what it is, e.g. {@code okta-session-cookie}, {@code bearer-token}.
 *   <li>{@code name}: the cookie or header name ({@code sid}, {@code idx}, {@code Authorization}).
 *   <li>{@code tenant}: the Okta org host the HAR talked to ({@code acme.okta.com}).
 *   <li>{@code user}: the user the HAR belongs to (Okta login), when the HAR reveals it.
 *   <li>{@code har}: the HAR file name.
 *   <li>{@code exposedFrom}, {@code exposedTo} (ISO-8601 instants): first and last entry time of
 *       the HAR; {@code exposedFrom} is required, {@code exposedTo} defaults to it. Activity after
 *       {@code exposedTo} is "after exposure".
 *   <li>{@code expiresAt} (optional ISO-8601 instant): when the credential stops working
 *       (cookie expiry, JWT {@code exp}).
 * </ul>
 *
 * <p>Example line: {@code {"sha256":"9f86d0…","kind":"okta-session-cookie","name":"sid",
 * "tenant":"acme.okta.com","user":"admin@acme.com","har":"case-4411.har",
 * "exposedFrom":"2023-09-28T10:00:00Z","exposedTo":"2023-09-28T10:04:00Z"}}
 */
public final class Watchlist {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private final List<Entry> entries;
  private final Map<Digest, Entry> bySha = new HashMap<>();
  private final Map<String, List<Entry>> byUser = new HashMap<>();

  /** One exposed credential. */
  public record Entry(String sha256, String kind, @Nullable String name, @Nullable String tenant,
      @Nullable String user, @Nullable String har, Instant exposedFrom, Instant exposedTo,
      @Nullable Instant expiresAt) {}

  private Watchlist(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : this.entries) {
      bySha.putIfAbsent(Digest.of(HexFormat.of().parseHex(e.sha256())), e);
      if (e.user() != null) {
        byUser.computeIfAbsent(e.user().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
      }
    }
  }

  public static Watchlist empty() {
    return new Watchlist(List.of());
  }

  public static Watchlist of(List<Entry> entries) {
    return new Watchlist(entries);
  }

  /**
   * Reads a watchlist file.
   *
   * @throws DetectException naming the file, line and field on any error
   */
  public static Watchlist load(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new DetectException(file + ": no such file");
    } catch (IOException e) {
      throw new DetectException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a watchlist from its text (the contents of a watchlist file, e.g. passed as a job
   * parameter); {@code source} names it in messages.
   *
   * @throws DetectException naming the source, line and field on any error
   */
  public static Watchlist parse(String text, String source) {
    try {
      return read(new java.io.StringReader(text), source);
    } catch (IOException e) {
      throw new DetectException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  static Watchlist read(Reader in, String source) throws IOException {
    List<Entry> entries = new ArrayList<>();
    BufferedReader r = new BufferedReader(in);
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode o;
      try {
        o = Engine.MAPPER.readTree(line);
      } catch (IOException e) {
        throw new DetectException(source + ": line " + n + ": not a JSON object");
      }
      if (o == null || !o.isObject()) {
        throw new DetectException(source + ": line " + n + ": not a JSON object");
      }
      String sha = text(o, "sha256");
      if (sha == null || !HEX64.matcher(sha).matches()) {
        throw new DetectException(source + ": line " + n + ": sha256: missing or not 64 hex digits");
      }
      String kind = text(o, "kind");
      if (kind == null) {
        throw new DetectException(source + ": line " + n + ": kind: missing");
      }
      Instant from = time(o, "exposedFrom", source, n);
      if (from == null) {
        throw new DetectException(source + ": line " + n + ": exposedFrom: missing");
      }
      Instant to = time(o, "exposedTo", source, n);
      entries.add(new Entry(sha.toLowerCase(Locale.ROOT), kind, text(o, "name"), text(o, "tenant"), text(o, "user"),
          text(o, "har"), from, to == null ? from : to, time(o, "expiresAt", source, n)));
    }
    return new Watchlist(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The entry whose sha256 equals this 32-byte digest, or null. */
  @Nullable Entry byDigest(byte[] digest) {
    return bySha.get(Digest.of(digest));
  }

  boolean hasDigests() {
    return !bySha.isEmpty();
  }

  /** A SHA-256 digest as four longs: a cheap hash key without hex strings. */
  private record Digest(long a, long b, long c, long d) {
    static Digest of(byte[] x) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(x);
      return new Digest(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }
  }

  List<Entry> byUser(@Nullable String user) {
    if (user == null || byUser.isEmpty()) {
      return List.of();
    }
    List<Entry> hit = byUser.get(user);
    if (hit == null && hasUpperCase(user)) {
      hit = byUser.get(user.toLowerCase(Locale.ROOT));
    }
    return hit == null ? List.of() : hit;
  }

  private static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isUpperCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  boolean hasUsers() {
    return !byUser.isEmpty();
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  private static @Nullable Instant time(JsonNode o, String field, String source, int line) {
    String s = text(o, field);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new DetectException(source + ": line " + line + ": " + field + ": \"" + s + "\" is not an ISO-8601 time");
    }
  }
}
