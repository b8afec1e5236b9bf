package dev.sidguard.har;

import static dev.sidguard.har.Hars.body;
import static dev.sidguard.har.Hars.cookie;
import static dev.sidguard.har.Hars.entry;
import static dev.sidguard.har.Hars.har;
import static dev.sidguard.har.Hars.header;
import static dev.sidguard.har.Hars.postText;
import static dev.sidguard.har.Hars.request;
import static dev.sidguard.har.Hars.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** HarScanner: recall per location, parity with the sanitizer, liveness, identity, fingerprints, watchlist. */
class HarScannerTest {

  private static final byte[] PLANTED = PlantedHar.bytes();

  private static ObjectNode oneEntry(ObjectNode request, ObjectNode response) {
    return har(entry(request, response));
  }

  private static Finding only(ScanResult r, String kind) {
    List<Finding> hits = r.findings().stream().filter(f -> f.kind().equals(kind)).toList();
    assertThat(hits).as("findings of kind %s", kind).hasSize(1);
    return hits.get(0);
  }

  @Nested
  class Recall {
    @Test
    void scan_plantedHar_reportsEverySecretWithItsEntryLocationAndKind() {
      ScanResult r = Scans.scan(PLANTED);
      List<PlantedHar.Case> cases = PlantedHar.cases();

      assertThat(r.entries()).isEqualTo(cases.size() + 2);
      List<String> found = Scans.found(r);
      for (int i = 0; i < cases.size(); i++) {
        PlantedHar.Case c = cases.get(i);
        assertThat(found).contains(i + " | " + c.location() + " | " + c.kind());
      }
    }

    @Test
    void scan_findingsNeverHoldTheValue() {
      ScanResult r = Scans.scan(PLANTED);
      String all = r.findings().toString() + r.exposures() + r.identities() + r.summary();
      for (String secret : PlantedHar.secrets()) {
        assertThat(all.contains(secret)).as("a planted secret appears in the scan result").isFalse();
      }
    }

    @Test
    void scan_benignHar_findsNothingAndIsSafe() {
      ObjectNode req = header(request("GET", "https://example.com/app?page=2&lang=en"), "User-Agent", "Mozilla/5.0");
      ScanResult r = Scans.scan(oneEntry(req, body(response(200), "application/json", "{\"code\":200,\"items\":[]}")));

      assertThat(r.findings()).isEmpty();
      assertThat(r.verdict()).isEqualTo(ScanResult.Verdict.SAFE);
      assertThat(r.summary()).isEqualTo("SAFE: no credentials in 1 entry");
    }

    @Test
    void scan_malformedHar_throwsHarExceptionWithPosition() {
      byte[] bad = "{\"log\":{\"entries\":[{\"request\":".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> HarScanner.create(Policy.defaults()).scan(new ByteArrayInputStream(bad), "bad.har"))
          .isInstanceOf(HarException.class).hasMessageContaining("bad.har").hasMessageContaining("line 1");
    }
  }

  @Nested
  class SameAsSanitize {
    @Test
    void scan_plantedHar_reportsExactlyWhatSanitizeRedacts() {
      assertThat(Scans.found(Scans.scan(PLANTED))).isEqualTo(Scans.redacted(PLANTED, Policy.defaults()));
    }

    @Test
    void scan_sanitizedPlantedHar_findsNothing() {
      byte[] sanitized = Hars.sanitize(PLANTED, Policy.defaults()).text().getBytes(StandardCharsets.UTF_8);
      assertThat(Scans.found(Scans.scan(sanitized))).isEmpty();
    }
  }

  @Nested
  class Liveness {
    @Test
    void live_ruleTable() {
      Instant now = Scans.NOW;
      assertThat(ScanSink.live(now.minusSeconds(1), null, now)).isEqualTo(Finding.Live.FALSE);
      assertThat(ScanSink.live(now, null, now)).isEqualTo(Finding.Live.FALSE);
      assertThat(ScanSink.live(now.plusSeconds(1), null, now)).isEqualTo(Finding.Live.TRUE);
      assertThat(ScanSink.live(now.plusSeconds(60), now.plusSeconds(30), now)).isEqualTo(Finding.Live.UNKNOWN);
      assertThat(ScanSink.live(null, null, now)).isEqualTo(Finding.Live.UNKNOWN);
    }

    @Test
    void scan_jwtExpiredBeforeNow_isNotLive_futureExp_isLive() {
      ObjectNode req = header(request("GET", "https://api.example.com/"), "Authorization",
          "Bearer " + PlantedHar.jwt("FAKEsig0aB1cD2eF3", 1_522_185_207L));
      header(req, "X-Echo", PlantedHar.jwt("FAKEsig9zY8xW7vU6", 4_070_908_800L));
      ScanResult r = Scans.scan(oneEntry(req, response(200)));

      Finding expired = only(r, "bearer-token");
      assertThat(expired.live()).isEqualTo(Finding.Live.FALSE);
      assertThat(expired.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_522_185_207L));
      assertThat(only(r, "jwt-signature").live()).isEqualTo(Finding.Live.TRUE);
      assertThat(r.verdict()).isEqualTo(ScanResult.Verdict.UNSAFE);
    }

    @Test
    void scan_setCookieMaxAge_countsFromTheEntryTime() {
      ObjectNode resp = header(response(200), "Set-Cookie", "sid=FAKEsid0aB1cD2eF3; Path=/; Max-Age=3600");
      ObjectNode har = oneEntry(request("GET", "https://acme.okta.com/"), resp);
      Instant entryTime = Instant.parse("2023-10-02T10:00:00Z");

      assertThat(only(Scans.scan(har, entryTime.plusSeconds(1800)), "cookie").live()).isEqualTo(Finding.Live.TRUE);
      Finding later = only(Scans.scan(har, entryTime.plusSeconds(3601)), "cookie");
      assertThat(later.live()).isEqualTo(Finding.Live.FALSE);
      assertThat(later.expiresAt()).isEqualTo(entryTime.plusSeconds(3600));
    }

    @Test
    void scan_setCookieExpires_appliesToTheSameValueSentInOtherRequests() {
      ObjectNode first = entry(request("GET", "https://acme.okta.com/login"),
          header(response(200), "Set-Cookie", "sid=FAKEsid0aB1cD2eF3; Expires=Wed, 21 Oct 2099 07:28:00 GMT"));
      ObjectNode second = entry(header(request("GET", "https://acme.okta.com/app"), "Cookie", "sid=FAKEsid0aB1cD2eF3"),
          response(200));
      ScanResult r = Scans.scan(har(second, first));

      assertThat(r.findings()).hasSize(2).allSatisfy(f -> {
        assertThat(f.live()).isEqualTo(Finding.Live.TRUE);
        assertThat(f.expiresAt()).isEqualTo(Instant.parse("2099-10-21T07:28:00Z"));
      });
    }

    @Test
    void scan_sessionCookieWithoutExpiry_isUnknownHoweverOld() {
      ScanResult r = Scans.scan(oneEntry(cookie(request("GET", "https://acme.okta.com/"), "sid", "FAKEsid0aB1cD2eF3"),
          response(200)));
      assertThat(only(r, "cookie").live()).isEqualTo(Finding.Live.UNKNOWN);
      assertThat(r.verdict()).isEqualTo(ScanResult.Verdict.REVIEW);
      assertThat(r.summary()).startsWith("REVIEW: 1 credential of unknown validity in 1 request");
    }

    @Test
    void scan_oktaSessionsMeExpiresAt_givesTheSidCookieItsExpiry() {
      ObjectNode req = header(request("GET", "https://acme.okta.com/api/v1/sessions/me"), "Cookie",
          "sid=FAKEsid0aB1cD2eF3; theme=dark");
      ObjectNode resp = body(response(200), "application/json",
          "{\"id\":\"102FAKE\",\"login\":\"bob@acme.example\",\"expiresAt\":\"2099-01-01T00:00:00.000Z\"}");
      ScanResult r = Scans.scan(oneEntry(req, resp));

      Finding sid = r.findings().stream().filter(f -> f.name().equals("sid")).findFirst().orElseThrow();
      assertThat(sid.live()).isEqualTo(Finding.Live.TRUE);
      assertThat(sid.user()).isEqualTo("bob@acme.example");
      Finding theme = r.findings().stream().filter(f -> f.name().equals("theme")).findFirst().orElseThrow();
      assertThat(theme.live()).isEqualTo(Finding.Live.UNKNOWN);
    }

    @Test
    void scan_cookiesArrayExpires_isUsed() {
      ObjectNode req = request("GET", "https://accounts.google.com/");
      cookie(req, "SID", "FAKEgoogleSid0aB1cD2");
      ((ObjectNode) req.get("cookies").get(0)).put("expires", "2024-08-28T10:15:59.461Z");
      ScanResult r = Scans.scan(oneEntry(req, response(200)));

      assertThat(only(r, "cookie").live()).isEqualTo(Finding.Live.FALSE);
      assertThat(r.verdict()).isEqualTo(ScanResult.Verdict.EXPIRED);
    }
  }

  @Nested
  class Identity {
    @Test
    void scan_plantedHar_namesTenantUserAndAdmin() {
      ScanResult r = Scans.scan(PLANTED);

      assertThat(r.identities()).containsExactly(new ScanResult.Identity("acme.okta.com", "alice@acme.example", true));
      assertThat(r.findings()).allSatisfy(f -> {
        assertThat(f.tenant()).isEqualTo("acme.okta.com");
        assertThat(f.admin()).isTrue();
      });
      assertThat(r.summary())
          .isEqualTo("UNSAFE: 2 live credentials in 2 requests, admin session of alice@acme.example (acme.okta.com)");
    }

    @Test
    void scan_customDomainWithOktaHeader_isATenant_loginFormNamesTheUser() {
      ObjectNode login = entry(postText(request("POST", "https://login.acme.example/idp/idx/identify"),
          "application/json", "{\"identifier\":\"carol@acme.example\",\"stateHandle\":\"FAKEsh0aB1cD2eF3gH4\"}"),
          header(response(200), "X-Okta-Request-Id", "req-1"));
      ObjectNode other = entry(cookie(request("GET", "https://cdn.example.net/x.js"), "tracker", "FAKEtr0aB1cD2eF3"),
          response(200));
      ScanResult r = Scans.scan(har(login, other));

      Finding handle = only(r, "token");
      assertThat(handle.tenant()).isEqualTo("login.acme.example");
      assertThat(handle.user()).isEqualTo("carol@acme.example");
      assertThat(handle.admin()).isFalse();
      Finding tracker = only(r, "cookie");
      assertThat(tracker.tenant()).isNull();
      assertThat(tracker.user()).isNull();
      assertThat(r.identities()).containsExactly(new ScanResult.Identity("login.acme.example", "carol@acme.example", false));
    }

    @Test
    void scan_oktaOwnSitesAndLookalikes_areNotTenants() {
      ObjectNode a = entry(cookie(request("GET", "https://www.okta.com/"), "s", "FAKEs0aB1cD2eF3gH"), response(200));
      ObjectNode b = entry(cookie(request("GET", "https://evil-okta.com.example.net/"), "s", "FAKEs1aB1cD2eF3gH"),
          response(200));
      ScanResult r = Scans.scan(har(a, b));

      assertThat(r.findings()).hasSize(2).allSatisfy(f -> assertThat(f.tenant()).isNull());
      assertThat(r.identities()).isEmpty();
    }

    @Test
    void scan_jwtEmailClaim_isTheUserOfThatToken() {
      ObjectNode req = header(request("GET", "https://api.example.com/"), "Authorization",
          "Bearer " + PlantedHar.jwt("FAKEsig0aB1cD2eF3", 4_070_908_800L));
      assertThat(only(Scans.scan(oneEntry(req, response(200))), "bearer-token").user()).isEqualTo("alice@acme.example");
    }

    @Test
    void scan_adminPathOnTenant_marksAdmin() {
      ObjectNode req = cookie(request("GET", "https://acme.oktapreview.com/admin/users"), "sid", "FAKEsid0aB1cD2eF3");
      Finding f = only(Scans.scan(oneEntry(req, response(200))), "cookie");
      assertThat(f.tenant()).isEqualTo("acme.oktapreview.com");
      assertThat(f.admin()).isTrue();
    }
  }

  @Nested
  class FingerprintsAndExposures {
    @Test
    void scan_sameValue_sameFingerprint_randomKeyDiffersPerScanner_fixedKeyIsStable() throws Exception {
      byte[] har = Hars.text(oneEntry(
          header(cookie(request("GET", "https://acme.okta.com/"), "sid", "FAKEsid0aB1cD2eF3"), "Cookie",
              "sid=FAKEsid0aB1cD2eF3"), response(200))).getBytes(StandardCharsets.UTF_8);
      List<String> a = fingerprints(HarScanner.create(Policy.defaults()), har);
      List<String> b = fingerprints(HarScanner.create(Policy.defaults()), har);
      byte[] key = "FAKE-stable-key-0123456789".getBytes(StandardCharsets.UTF_8);
      List<String> c = fingerprints(HarScanner.create(Policy.defaults()).withFingerprintKey(key), har);
      List<String> d = fingerprints(HarScanner.create(Policy.defaults()).withFingerprintKey(key), har);

      assertThat(a).hasSize(2).allMatch(fp -> fp.equals(a.get(0)) && fp.matches("[0-9a-f]{12}"));
      assertThat(b.get(0)).isNotEqualTo(a.get(0));
      assertThat(c).isEqualTo(d);
      assertThatThrownBy(() -> HarScanner.create(Policy.defaults()).withFingerprintKey(new byte[8]))
          .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> fingerprints(HarScanner scanner, byte[] har) throws Exception {
      return scanner.scan(new ByteArrayInputStream(har), "t.har").findings().stream().map(Finding::fingerprint).toList();
    }

    @Test
    void exposures_holdSha256OfHighEntropySessionsAndTokensOnly() throws Exception {
      ScanResult r = Scans.scan(PLANTED);
      List<String> kinds = new ArrayList<>();
      for (Exposure e : r.exposures()) {
        kinds.add(e.kind());
      }
      assertThat(kinds).doesNotContain("password", "oauth-code", "secret", "saml", "private-key", "basic-credentials")
          .contains("okta-session-cookie", "bearer-token", "jwt");
      Exposure sid = r.exposures().stream().filter(e -> e.name().equals("sid")).findFirst().orElseThrow();
      assertThat(sid.sha256()).isEqualTo(sha256("FAKEsid0aB1cD2eF3gH4iJ5"));
      assertThat(sid.tenant()).isEqualTo("acme.okta.com");
      assertThat(sid.user()).isEqualTo("alice@acme.example");
      String echoedJwt = PlantedHar.jwt("FAKEjwtSig0wX1yZ2aB3cD", 4_070_908_800L);
      assertThat(r.exposures()).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("jwt");
        assertThat(e.sha256()).isEqualTo(sha256(echoedJwt));
        assertThat(e.live()).isEqualTo(Finding.Live.TRUE);
      });
    }

    @Test
    void exposures_skipLowEntropyCookies() {
      ObjectNode req = header(request("GET", "https://acme.okta.com/"), "Cookie", "theme=dark; sid=FAKEsid0aB1cD2eF3gH");
      ScanResult r = Scans.scan(oneEntry(req, response(200)));
      assertThat(r.findings()).hasSize(2);
      assertThat(r.exposures()).extracting(Exposure::name).containsExactly("sid");
    }

    @Test
    void highEntropy_needsLengthAndVariety() {
      assertThat(ScanSink.highEntropy("dark")).isFalse();
      assertThat(ScanSink.highEntropy("aaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
      assertThat(ScanSink.highEntropy("password12345678")).isFalse();
      assertThat(ScanSink.highEntropy("102FAKEaB1cD2eF3gH4iJ5kL")).isTrue();
    }

    private String sha256(String s) throws Exception {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Property(tries = 100)
  void scan_randomlyPlantedSecrets_reportsExactlyWhatSanitizeRedacts(
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 30) Integer> which,
      @ForAll @IntRange(min = 1, max = 3) int entries) {
    List<PlantedHar.Case> cases = PlantedHar.cases();
    ObjectNode[] list = new ObjectNode[entries];
    for (int i = 0; i < entries; i++) {
      list[i] = entry(request("GET", "https://acme.okta.com/app/UserHome"), response(200));
    }
    for (int i = 0; i < which.size(); i++) {
      PlantedHar.Case c = cases.get(which.get(i) % cases.size());
      c.plant().accept(list[i % entries], c.secret());
    }
    byte[] har = Hars.text(har(list)).getBytes(StandardCharsets.UTF_8);

    assertThat(Scans.found(Scans.scan(har))).isEqualTo(Scans.redacted(har, Policy.defaults()));
  }

  @Test
  void findingName_isTheLastNamedSegment() {
    assertThat(Finding.nameOf("request.headers[Cookie].sid")).isEqualTo("sid");
    assertThat(Finding.nameOf("request.cookies[sid]")).isEqualTo("sid");
    assertThat(Finding.nameOf("response.content.text$.a.b[0].refresh_token")).isEqualTo("refresh_token");
    assertThat(Finding.nameOf("request.postData.text$.form[0][passcode]")).isEqualTo("passcode");
    assertThat(Finding.nameOf("response.content.text")).isEmpty();
    assertThat(Finding.nameOf("_webSocketMessages[0].data")).isEmpty();
    assertThat(Finding.nameOf("response.content.text$[2]")).isEmpty();
  }
}
