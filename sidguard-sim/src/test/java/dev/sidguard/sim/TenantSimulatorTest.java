package dev.sidguard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TenantSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SESSION = Pattern.compile("(102|idx|trs)[0-9A-Za-z]{22}|unknown");
  private static byte[] bytes;
  private static Labels labels;
  private static List<JsonNode> events;

  @BeforeAll
  static void simulate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    labels = TenantSimulator.builder().users(120).days(4).seed(42).build().write(out);
    bytes = out.toByteArray();
    events = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      events.add(JSON.readTree(line));
    }
  }

  @Test
  void write_sameSeed_sameBytes() throws Exception {
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    TenantSimulator.builder().users(120).days(4).seed(42).build().write(again);
    assertThat(sha(again.toByteArray())).isEqualTo(sha(bytes));
    ByteArrayOutputStream other = new ByteArrayOutputStream();
    TenantSimulator.builder().users(120).days(4).seed(43).build().write(other);
    assertThat(sha(other.toByteArray())).isNotEqualTo(sha(bytes));
  }

  @Test
  void write_eventsInEngineOrder_countedInLabels() {
    assertThat((long) events.size()).isEqualTo(labels.events());
    for (int i = 1; i < events.size(); i++) {
      Instant a = Instant.parse(events.get(i - 1).path("published").asText());
      Instant b = Instant.parse(events.get(i).path("published").asText());
      assertThat(a.isAfter(b)).as("event %d before %d", i, i - 1).isFalse();
      if (a.equals(b)) {
        assertThat(events.get(i - 1).path("uuid").asText()).isLessThan(events.get(i).path("uuid").asText());
      }
    }
    assertThat(Instant.parse(events.get(0).path("published").asText())).isAfterOrEqualTo(labels.start());
  }

  @Test
  void write_everyEvent_hasTheRealOktaShape() {
    Set<String> prefixes = new HashSet<>();
    for (JsonNode e : events) {
      assertThat(e.path("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(e.path("published").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
      assertThat(e.path("version").asText()).isEqualTo("0");
      JsonNode client = e.path("client");
      assertThat(client.path("userAgent").path("rawUserAgent").isTextual()).isTrue();
      assertThat(client.path("userAgent").has("os")).isTrue();
      assertThat(client.path("userAgent").has("browser")).isTrue();
      assertThat(client.path("ipAddress").asText()).isNotEmpty();
      JsonNode geo = client.path("geographicalContext");
      assertThat(geo.path("country").isTextual()).isTrue();
      assertThat(geo.path("geolocation").path("lat").isNumber()).isTrue();
      assertThat(geo.path("geolocation").path("lon").isNumber()).isTrue();
      JsonNode sc = e.path("securityContext");
      assertThat(sc.path("asNumber").isIntegralNumber()).isTrue();
      assertThat(sc.has("asOrg") && sc.has("isp") && sc.has("domain") && sc.path("isProxy").isBoolean()).isTrue();
      JsonNode chain = e.path("request").path("ipChain");
      assertThat(chain.size()).isEqualTo(1);
      assertThat(chain.get(0).path("ip").asText()).isEqualTo(client.path("ipAddress").asText());
      assertThat(chain.get(0).path("version").asText()).isIn("V4", "V6");
      for (Iterator<JsonNode> it = e.path("debugContext").path("debugData").elements(); it.hasNext(); ) {
        assertThat(it.next().isTextual()).as("debugData values are strings").isTrue();
      }
      JsonNode dt = e.path("debugContext").path("debugData").path("dtHash");
      if (!dt.isMissingNode()) {
        assertThat(dt.asText()).matches(HEX64);
      }
      JsonNode auth = e.path("authenticationContext");
      JsonNode sid = auth.path("externalSessionId");
      if (!sid.isNull()) {
        assertThat(sid.asText()).matches(SESSION);
        prefixes.add(sid.asText().substring(0, 3));
      }
      if (auth.has("rootSessionId")) {
        assertThat(sid.asText()).startsWith("idx");
        assertThat(auth.path("rootSessionId").asText()).isEqualTo(sid.asText());
      } else if (sid.isTextual()) {
        assertThat(sid.asText()).doesNotStartWith("idx");
      }
    }
    assertThat(prefixes).contains("102", "idx", "trs", "unk");
  }

  @Test
  void write_topLevelKeys_areThoseOfTheCorpusSamples() throws IOException {
    List<JsonNode> corpus = Corpus.oktaExamples();
    Set<String> known = new HashSet<>();
    corpus.forEach(c -> c.fieldNames().forEachRemaining(known::add));
    Set<String> ours = new HashSet<>();
    events.get(0).fieldNames().forEachRemaining(ours::add);
    assertThat(known).containsAll(ours);
    Set<String> clientKeys = new HashSet<>();
    corpus.get(1).path("client").fieldNames().forEachRemaining(clientKeys::add);
    Set<String> ourClient = new HashSet<>();
    events.get(0).path("client").fieldNames().forEachRemaining(ourClient::add);
    assertThat(clientKeys).containsAll(ourClient);
  }

  @Test
  void write_everyScenario_labelledWithMaliciousEventsInTheLog() {
    assertThat(labels.attacks()).extracting(Labels.Attack::scenario).containsExactlyInAnyOrder(Scenario.values());
    Set<String> uuids = new HashSet<>();
    events.forEach(e -> uuids.add(e.path("uuid").asText()));
    for (Labels.Attack a : labels.attacks()) {
      assertThat(a.maliciousEvents()).isNotEmpty();
      assertThat(uuids).containsAll(a.maliciousEvents());
      assertThat(a.sessions()).isNotEmpty();
      assertThat(a.windowStart()).isBeforeOrEqualTo(a.windowEnd());
      assertThat(a.expectedRules()).isEqualTo(a.scenario().expectedRules());
    }
  }

  @Test
  void exposure_watchlistHashesTheHarsSidCookie_whichIsTheReplayedSession() throws Exception {
    Exposure exposure = labels.exposure();
    assertThat(exposure).isNotNull();
    JsonNode har = JSON.readTree(exposure.har());
    String sid = null;
    for (JsonNode c : har.path("log").path("entries").get(0).path("request").path("cookies")) {
      if (c.path("name").asText().equals("sid")) {
        sid = c.path("value").asText();
      }
    }
    assertThat(sid).startsWith("102");
    boolean matches = exposure.watchlist().get(0).sha256().equals(SupportHar.sha256(sid));
    assertThat(matches).as("watchlist sha256 is the sid cookie's").isTrue();
    Labels.Attack replay = labels.attacks().stream()
        .filter(a -> a.scenario() == Scenario.WATCHLISTED_SESSION_REPLAY).findFirst().orElseThrow();
    assertThat(replay.sessions().contains(sid)).as("the replayed session is the exposed one").isTrue();
    assertThat(new String(exposure.watchlistJsonl(), StandardCharsets.UTF_8))
        .contains("\"kind\":\"okta-session-cookie\"", "\"har\":\"" + exposure.harFile() + "\"");
  }

  @Test
  void labels_jsonRoundTrip_keepsEverythingButTheHarText() {
    Labels back = Labels.parse(labels.toJson(), "labels.json");
    assertThat(back.attacks()).isEqualTo(labels.attacks());
    assertThat(back.tenant()).isEqualTo(labels.tenant());
    assertThat(back.benignTraps()).isEqualTo(labels.benignTraps());
    assertThat(back.exposure().watchlist()).isEqualTo(labels.exposure().watchlist());
    assertThat(back.events()).isEqualTo(labels.events());
  }

  @Test
  void labels_badFile_namesFileAndField() {
    assertThatThrownBy(() -> Labels.parse("{\"format\":\"other\"}", "x.json"))
        .isInstanceOf(SimException.class).hasMessage("x.json: not a sidguard labels file (format must be "
            + "\"sidguard-sim-labels/1\")");
    String bad = labels.toJson().replaceFirst("\"start\" : \"[^\"]+\"", "\"start\" : \"yesterday\"");
    assertThatThrownBy(() -> Labels.parse(bad, "l.json")).isInstanceOf(SimException.class)
        .hasMessage("l.json: start: \"yesterday\" is not an ISO-8601 time");
  }

  @Test
  void scenarios_onlyTheChosenArePlanted() {
    Labels l = TenantSimulator.builder().users(60).days(3).seed(5).scenarios(List.of(Scenario.TOKEN_WITHOUT_MFA))
        .build().write(new ByteArrayOutputStream());
    assertThat(l.attacks()).extracting(Labels.Attack::scenario).containsExactly(Scenario.TOKEN_WITHOUT_MFA);
    assertThat(l.exposure()).isNull();
    Labels none = TenantSimulator.builder().users(30).days(1).scenarios(List.of()).build()
        .write(new ByteArrayOutputStream());
    assertThat(none.attacks()).isEmpty();
  }

  @Test
  void build_impossibleSettings_failWithOneSentence() {
    assertThatThrownBy(() -> TenantSimulator.builder().days(1).build())
        .hasMessage("attack scenarios need at least 2 days (day 1 is the detectors' warm-up)");
    assertThatThrownBy(() -> TenantSimulator.builder().users(0).build()).hasMessage("--users must be at least 1, not 0");
    assertThatThrownBy(() -> Scenario.byName("nope")).hasMessageStartingWith("unknown scenario 'nope'; known: ");
  }

  @Test
  void write_volumeIsLinearInUsersAndDays() {
    long small = TenantSimulator.builder().users(100).days(2).scenarios(List.of()).build()
        .write(new ByteArrayOutputStream()).events();
    long big = TenantSimulator.builder().users(200).days(4).scenarios(List.of()).build()
        .write(new ByteArrayOutputStream()).events();
    assertThat((double) big / small).isBetween(3.3, 4.7);
  }

  private static String sha(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
