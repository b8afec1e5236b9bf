package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule's positive and negative samples (resources rules/&lt;id&gt;/positive-*.ndjson and
 * negative-*.ndjson) run through the whole engine: positives raise that rule's alert, negatives do
 * not. Samples share rules/config.yaml; a rule directory may hold a watchlist.jsonl.
 */
class RuleSamplesTest {
  private static final Path RULES = rulesDir();

  @Test
  void everyBuiltInRule_hasPositiveAndNegativeSamples() throws IOException {
    for (String id : Rules.IDS) {
      List<String> names = sampleNames(id);
      assertThat(names).as(id).anyMatch(n -> n.startsWith("positive-"));
      assertThat(names).as(id).anyMatch(n -> n.startsWith("negative-"));
    }
  }

  @TestFactory
  Stream<DynamicTest> samples() throws IOException {
    DetectConfig config = DetectConfig.load(RULES.resolve("config.yaml"));
    List<DynamicTest> tests = new ArrayList<>();
    for (String id : Rules.IDS) {
      Path dir = RULES.resolve(id);
      Watchlist watchlist = Files.exists(dir.resolve("watchlist.jsonl"))
          ? Watchlist.load(dir.resolve("watchlist.jsonl")) : Watchlist.empty();
      for (String name : sampleNames(id)) {
        boolean positive = name.startsWith("positive-");
        tests.add(DynamicTest.dynamicTest(id + "/" + name, () -> {
          List<OktaEvent> events = EventReaderTest.drain(EventReader.open(dir.resolve(name)));
          assertThat(events).isNotEmpty();
          List<Alert> alerts = Runs.run(config, watchlist, events);
          List<Alert> mine = alerts.stream().filter(a -> a.rule().equals(id)).toList();
          if (positive) {
            assertThat(mine).as("alerts of %s on %s (all: %s)", id, name, alerts).isNotEmpty();
            assertThat(mine).allSatisfy(a -> {
              assertThat(events).extracting(OktaEvent::uuid).contains(a.events().get(a.events().size() - 1));
              assertThat(a.summary()).isNotBlank();
              assertThat(a.attack()).isNotEmpty();
            });
          } else {
            assertThat(mine).as("alerts of %s on %s", id, name).isEmpty();
          }
        }));
      }
    }
    return tests.stream();
  }

  private static List<String> sampleNames(String id) throws IOException {
    try (Stream<Path> s = Files.list(RULES.resolve(id))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ndjson")).sorted().toList();
    }
  }

  private static Path rulesDir() {
    try {
      return Path.of(RuleSamplesTest.class.getResource("rules/config.yaml").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
