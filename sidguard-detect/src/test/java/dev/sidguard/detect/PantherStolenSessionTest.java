package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Panther's labelled Okta.PotentiallyStolenSession cases (panther-analysis rule tests). Their
 * {@code mocks} return the cached context of the session's earlier use — [ASN, IP,
 * "user_agent:…", browser, OS] — which becomes a preceding successful event of the same session.
 */
class PantherStolenSessionTest {

  @Test
  void differentDeviceAndAsn_alerts() throws IOException {
    assertThat(sessionReplayAlerts(pantherCase("Different device & ASN"), null)).hasSize(1);
  }

  @Test
  void sameDeviceAndOs_doesNotAlert() throws IOException {
    assertThat(sessionReplayAlerts(pantherCase("Same device and OS"), null)).isEmpty();
  }

  @Test
  void differentAsnSameDevice_doesNotAlert_sidguardAgreesANewAsnAloneIsMobility() throws IOException {
    assertThat(sessionReplayAlerts(pantherCase("Different ASN & same device"), null)).isEmpty();
  }

  @Test
  void oktaInternalEvent_isIgnored() throws IOException {
    assertThat(sessionReplayAlerts(pantherCase("Okta internal event should be ignored"), null)).isEmpty();
  }

  @Test
  void differentDeviceAndAsnWithANewDeviceToken_alerts_betterThanPantherWhichKeysOnSessionPlusDtHash()
      throws IOException {
    String otherDtHash = "f".repeat(64);
    assertThat(sessionReplayAlerts(pantherCase("Different device & ASN"), otherDtHash)).hasSize(1);
  }

  @Test
  void allFourLabelledCases_matchTheirLabels() throws IOException {
    List<JsonNode> cases = cases();
    assertThat(cases).hasSize(4);
    for (JsonNode c : cases) {
      boolean expected = c.path("expected_result").asBoolean();
      assertThat(!sessionReplayAlerts(c, null).isEmpty()).as(c.path("test_name").asText()).isEqualTo(expected);
    }
  }

  private static List<Alert> sessionReplayAlerts(JsonNode testCase, String currentDtHash) throws IOException {
    ObjectNode current = (ObjectNode) testCase.path("log").deepCopy();
    current.put("uuid", "panther-current");
    current.put("published", "2022-09-09T04:30:00.000Z");
    if (currentDtHash != null) {
      ((ObjectNode) current.path("debugContext").path("debugData")).put("dtHash", currentDtHash);
    }
    ObjectNode prior = current.deepCopy();
    prior.put("uuid", "panther-prior");
    prior.put("published", "2022-09-09T04:00:00.000Z");
    ((ObjectNode) prior.path("outcome")).put("result", "SUCCESS");
    ((ObjectNode) prior.path("outcome")).putNull("reason");
    ((ObjectNode) prior.path("debugContext").path("debugData"))
        .put("dtHash", testCase.path("log").path("debugContext").path("debugData").path("dtHash").asText());
    prior.remove("client");
    prior.set("client", testCase.path("log").path("client").deepCopy());
    ((ObjectNode) prior.path("client")).remove("id");
    ((ObjectNode) prior.path("client")).put("device", "Computer");
    JsonNode mock = Corpus.JSON.readTree(testCase.path("mocks").get(0).path("returnValue").asText());
    ObjectNode security = prior.putObject("securityContext");
    security.put("asNumber", Long.parseLong(mock.get(0).asText()));
    ObjectNode client = (ObjectNode) prior.path("client");
    client.put("ipAddress", mock.get(1).asText());
    ObjectNode ua = client.putObject("userAgent");
    ua.put("rawUserAgent", mock.get(2).asText().replaceFirst("^user_agent:", ""));
    ua.put("browser", mock.get(3).asText());
    ua.put("os", mock.get(4).asText());
    ArrayNode both = Corpus.JSON.createArrayNode().add(prior).add(current);
    List<OktaEvent> events = Corpus.parse(both, testCase.path("test_name").asText());
    return Runs.run(DetectConfig.defaults(), Watchlist.empty(), events).stream()
        .filter(a -> a.rule().equals("session-replay")).toList();
  }

  private static JsonNode pantherCase(String name) throws IOException {
    return cases().stream().filter(c -> c.path("test_name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no Panther case " + name));
  }

  private static List<JsonNode> cases() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(Corpus.okta().resolve("panther-rule-tests/okta_rule_tests.ndjson"))) {
      JsonNode n = Corpus.JSON.readTree(line);
      if ("Okta.PotentiallyStolenSession".equals(n.path("rule_id").asText())) {
        out.add(n);
      }
    }
    return out;
  }
}
