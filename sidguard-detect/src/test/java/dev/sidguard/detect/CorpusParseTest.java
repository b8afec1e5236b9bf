package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CorpusParseTest {

  @Test
  void examplesNdjson_allFiveEventsParseWithTheirNetworkAndDevice() {
    List<OktaEvent> events = readAll(Corpus.okta().resolve("examples.ndjson"));
    assertThat(events).hasSize(5);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.eventType()).isNotEmpty();
      assertThat(e.hasTime()).isTrue();
      assertThat(e.uuid()).isNotEmpty();
    });
    OktaEvent first = events.get(0);
    assertThat(first.published()).isEqualTo(Instant.parse("2024-08-13T15:58:20.353Z"));
    assertThat(first.sessionId()).isEqualTo("idxBager62CSveUkTxvgRtonA");
    assertThat(first.security().asNumber()).isEqualTo(394089);
    assertThat(first.client().postalCode()).isEqualTo("10013");
    assertThat(first.client().lat()).isEqualTo(40.3157);
    assertThat(first.targets()).extracting(OktaEvent.Target::displayName).contains("Okta Admin Console");
    OktaEvent second = events.get(1);
    assertThat(second.client().zone()).as("the \"null\" zone").isNull();
    assertThat(second.dtHash()).hasSize(64);
  }

  @Test
  void rawAndDocFiles_eachParseAsOneEvent() throws IOException {
    Path okta = Corpus.okta();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(okta.resolve("ocsf-examples"))) {
      s.forEach(files::add);
    }
    files.add(okta.resolve("okta-docs/access_admin_app_logevent.json"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    for (Path f : files) {
      List<OktaEvent> events = readAll(f);
      assertThat(events).as(f.toString()).hasSize(1);
      assertThat(events.get(0).eventType()).as(f.toString()).isNotEmpty();
      assertThat(events.get(0).hasTime()).as(f.toString()).isTrue();
    }
  }

  @Test
  void eventHookDelivery_wrappedEventsParse() throws IOException {
    JsonNode hook = Corpus.JSON.readTree(Corpus.okta().resolve("okta-docs/event_hook_delivery_sample.json").toFile());
    List<OktaEvent> events = Corpus.parse(hook.path("data").path("events"), "hook");
    assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.eventType()).isEqualTo("user.session.start"));
    assertThat(events.get(0).sessionId()).startsWith("idx");
  }

  @Test
  void pantherScenarioYaml_everyLogsEntryParsesWithTime() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> files;
    try (Stream<Path> s = Files.walk(Corpus.okta().resolve("panther-test-scenarios"))) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    int total = 0;
    for (Path f : files) {
      JsonNode logs = yaml.readTree(f.toFile()).path("Logs");
      List<OktaEvent> events = Corpus.parse(logs, f.toString());
      assertThat(events).as(f.toString()).hasSize(logs.size());
      assertThat(events).as(f.toString()).allSatisfy(e -> {
        assertThat(e.eventType()).isNotEmpty();
        assertThat(e.hasTime()).isTrue();
      });
      total += events.size();
    }
    assertThat(total).isGreaterThan(10);
  }

  @Test
  void pantherScenario_unknownSessionIdMeansNoSession() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode logs = yaml.readTree(
        Corpus.okta().resolve("panther-test-scenarios/compromised-root-creds/attacker_okta.yml").toFile()).path("Logs");
    List<OktaEvent> events = Corpus.parse(logs, "attacker_okta.yml");
    assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.sessionId()).isNull());
  }

  @Test
  void pantherRuleTests_everyLogParsesIncludingLowercaseKeysAndPantherTimestamps() throws IOException {
    List<String> lines = Files.readAllLines(Corpus.okta().resolve("panther-rule-tests/okta_rule_tests.ndjson"));
    assertThat(lines).hasSizeGreaterThan(70);
    int lowercase = 0;
    int pantherTime = 0;
    for (String line : lines) {
      JsonNode test = Corpus.JSON.readTree(line);
      JsonNode log = test.path("log");
      List<OktaEvent> events = Corpus.parse(log, test.path("test_name").asText());
      assertThat(events).hasSize(1);
      OktaEvent e = events.get(0);
      String eventType = log.has("eventType") ? log.get("eventType").asText() : log.path("eventtype").asText();
      assertThat(e.eventType()).isEqualTo(eventType);
      if (log.has("eventtype")) {
        lowercase++;
        if (log.has("authenticationcontext") && log.path("authenticationcontext").has("externalSessionId")) {
          assertThat(e.sessionId()).isEqualTo(
              sessionOrNull(log.path("authenticationcontext").path("externalSessionId").asText()));
        }
      }
      String published = log.path("published").asText("");
      if (published.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+")) {
        pantherTime++;
        assertThat(e.hasTime()).as(published).isTrue();
        assertThat(e.published().toString()).startsWith(published.substring(0, 10) + "T" + published.substring(11, 19));
      }
    }
    assertThat(lowercase).as("tests with lowercase keys").isGreaterThan(10);
    assertThat(pantherTime).as("tests with Panther timestamps").isGreaterThan(10);
  }

  private static String sessionOrNull(String s) {
    return "unknown".equals(s) ? null : s;
  }

  static List<OktaEvent> readAll(Path f) {
    List<OktaEvent> out = new ArrayList<>();
    try (EventReader r = EventReader.open(f)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        out.add(e);
      }
      assertThat(r.malformed()).as(f.toString()).isEmpty();
    }
    return out;
  }
}
