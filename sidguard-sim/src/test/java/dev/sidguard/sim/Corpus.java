package dev.sidguard.sim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared corpus of real Okta events (read in place, never copied); tests skip without it. */
final class Corpus {
  private Corpus() {}

  static List<JsonNode> oktaExamples() throws IOException {
    String root = System.getProperty("sidguard.root", "..");
    Path file = Path.of(root, "..", "shared", "corpus", "okta", "examples.ndjson");
    assumeTrue(Files.exists(file), "corpus not present at " + file);
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        out.add(json.readTree(line));
      }
    }
    return out;
  }
}
