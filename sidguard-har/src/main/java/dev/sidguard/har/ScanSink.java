package dev.sidguard.har;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * The scanner's side of the detectors: a sink that never rewrites and records every secret as a finding
 * (entry, location, kind, keyed fingerprint). Because it is the same EntryWalker the sanitizer drives, with
 * only the sink swapped, scan reports exactly what sanitize replaces.
 *
 * Values are not kept: each becomes its fingerprint at once. JWT claims (exp, nbf, user) are read when a
 * JWT is first met and kept by fingerprint; a watchlist candidate gets its SHA-256 computed once, then only
 * the digest is kept. Liveness, tenant and user are resolved when the file ends, since a Set-Cookie, a
 * /api/v1/sessions/me response or a custom Okta domain may come after the request that exposed the value.
 * Memory is therefore proportional to the number of findings, not to the file.
 */
final class ScanSink implements SecretSink {

  /** Kinds that are sessions or tokens: their high-entropy values go on the watchlist. */
  private static final Set<String> WATCH_KINDS = Set.of("cookie", "bearer-token", "api-token", "token", "jwt",
      "jwt-signature", "authorization", "negotiate-token", "okta-api-token", "github-token", "slack-token",
      "gcp-api-key", "stripe-key", "openai-key", "anthropic-key", "api-key");

  private record Raw(long entry, @Nullable String host, String location, String kind, String fingerprint) {}

  private record Draft(String sha256, String kind, int raw) {}

  private final String file;
  private final Markers markers;
  private final EntryFacts facts;
  private final MessageDigest sha256;
  private final List<Raw> raws = new ArrayList<>();
  private final Map<String, String> locations = new HashMap<>();
  private final Map<String, JwtClaims> claims = new HashMap<>();
  private final Map<String, @Nullable Draft> exposures = new LinkedHashMap<>();
  private long entry = -1;

  ScanSink(String file, Markers markers) {
    this.file = file;
    this.markers = markers;
    this.facts = new EntryFacts(markers);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public boolean rewrites() {
    return false;
  }

  @Override
  public void enter(long index, @Nullable ObjectNode entryNode) {
    entry = index;
    if (entryNode == null) {
      facts.outsideEntries();
    } else {
      facts.read(entryNode);
    }
  }

  @Override
  public String onSecret(String kind, Loc location, String secret) {
    String fp = record(kind, location, secret);
    if (secret.startsWith("eyJ") && !claims.containsKey(fp)) {
      claims.put(fp, claimsOf(secret, 0, secret.length()));
    }
    if (WATCH_KINDS.contains(kind) && !exposures.containsKey(fp)) {
      exposures.put(fp, highEntropy(secret) ? new Draft(hash(secret), kind, raws.size() - 1) : null);
    }
    return secret;
  }

  @Override
  public String onSecretInToken(String kind, Loc location, String secret, String text, int tokenStart,
      int tokenEnd) {
    String fp = record(kind, location, secret);
    if (!claims.containsKey(fp)) {
      claims.put(fp, claimsOf(text, tokenStart, tokenEnd));
    }
    if (WATCH_KINDS.contains(kind) && !exposures.containsKey(fp)) {
      String token = text.substring(tokenStart, tokenEnd);
      exposures.put(fp, highEntropy(secret) ? new Draft(hash(token), "jwt", raws.size() - 1) : null);
    }
    return secret;
  }

  private String record(String kind, Loc location, String secret) {
    String fp = markers.fingerprint(secret);
    String loc = location.render();
    String shared = locations.putIfAbsent(loc, loc);
    raws.add(new Raw(entry, facts.host, shared != null ? shared : loc, kind, fp));
    return fp;
  }

  private JwtClaims claimsOf(String text, int start, int end) {
    JwtClaims c = JwtClaims.of(text, start, end);
    if (c.user() != null && c.user().indexOf('@') > 0 && facts.tenantOf(c.issuerHost()) != null) {
      facts.addUser(c.issuerHost(), c.user());
    }
    return c;
  }

  private String hash(String value) {
    return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * At least 16 characters and at least 64 bits by the value's own character frequencies (Shannon entropy
   * times length): a session id or token, not a password, a PIN, a flag or a locale.
   */
  static boolean highEntropy(String v) {
    int n = v.length();
    if (n < 16) {
      return false;
    }
    int[] ascii = new int[128];
    Map<Character, Integer> other = null;
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c < 128) {
        ascii[c]++;
      } else {
        if (other == null) {
          other = new HashMap<>();
        }
        other.merge(c, 1, Integer::sum);
      }
    }
    double bits = 0;
    int distinct = 0;
    for (int c : ascii) {
      if (c > 0) {
        distinct++;
        bits -= c * Math.log((double) c / n);
      }
    }
    if (other != null) {
      for (int c : other.values()) {
        distinct++;
        bits -= c * Math.log((double) c / n);
      }
    }
    return distinct >= 8 && bits / Math.log(2) >= 64;
  }

  /** Resolves liveness, tenant and user of every finding against the whole file and now. */
  ScanResult result(long entries, Instant now) {
    Set<String> adminTenants = facts.adminTenants();
    Map<String, String> users = facts.usersByKey();
    Map<String, @Nullable String> tenants = new HashMap<>();
    List<Finding> findings = new ArrayList<>(raws.size());
    for (Raw r : raws) {
      findings.add(resolve(r, now, adminTenants, users, tenants));
    }
    List<ScanResult.Identity> identities = new ArrayList<>();
    for (String t : facts.tenants()) {
      identities.add(new ScanResult.Identity(t, users.get(t), adminTenants.contains(t)));
    }
    List<Exposure> out = new ArrayList<>();
    for (Draft d : exposures.values()) {
      if (d == null) {
        continue;
      }
      Finding f = findings.get(d.raw());
      String name = f.name();
      String kind = d.kind().equals("cookie") && f.tenant() != null && EntryFacts.isSessionCookie(name)
          ? "okta-session-cookie" : d.kind();
      out.add(new Exposure(d.sha256(), kind, name, f.fingerprint(), f.tenant(),
          f.tenant() != null ? f.user() : null, f.expiresAt(), f.live()));
    }
    return new ScanResult(file, entries, facts.first, facts.last, findings, identities, out);
  }

  private Finding resolve(Raw r, Instant now, Set<String> adminTenants, Map<String, String> users,
      Map<String, @Nullable String> tenants) {
    JwtClaims c = claims.getOrDefault(r.fingerprint(), JwtClaims.NONE);
    Instant exp = c.exp();
    if (exp == null) {
      exp = facts.sessionExpiry.get(r.fingerprint());
    }
    if (exp == null) {
      exp = facts.cookieExpiry.get(r.fingerprint());
    }
    String tenant = r.host() == null ? null : tenants.computeIfAbsent(r.host(), facts::tenantOf);
    String user = c.user();
    if (user == null && r.host() != null) {
      user = users.get(tenant != null ? tenant : r.host());
    }
    return new Finding(file, r.entry(), r.location(), r.kind(), r.fingerprint(), live(exp, c.nbf(), now), exp,
        r.host(), tenant, user, tenant != null && adminTenants.contains(tenant));
  }

  /**
   * false when the known expiry is not after now; unknown when the token is not valid yet (nbf after now) or
   * no expiry is known; true when a known expiry lies after now.
   */
  static Finding.Live live(@Nullable Instant expiresAt, @Nullable Instant notBefore, Instant now) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      return Finding.Live.FALSE;
    }
    if (expiresAt == null || notBefore != null && notBefore.isAfter(now)) {
      return Finding.Live.UNKNOWN;
    }
    return Finding.Live.TRUE;
  }
}
