package dev.sidguard.detect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Locates ../shared/corpus/okta and turns JSON trees into events; tests skip when it is absent. */
final class Corpus {
  static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  static Path okta() {
    Path dir = Path.of(System.getProperty("sidguard.root", "."), "..", "shared", "corpus", "okta").normalize();
    assumeTrue(Files.isDirectory(dir), "Okta corpus not found at " + dir + "; skipping corpus tests");
    return dir;
  }

  static List<OktaEvent> parse(JsonNode node, String name) {
    byte[] bytes = node.toString().getBytes(StandardCharsets.UTF_8);
    List<OktaEvent> out = new ArrayList<>();
    try (EventReader r = EventReader.open(new ByteArrayInputStream(bytes), name)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        out.add(e);
      }
      if (r.malformedCount() > 0) {
        throw new AssertionError(name + ": " + r.malformed());
      }
    }
    return out;
  }
}
