package dev.sidguard.flink;

import dev.sidguard.detect.EventParser;
import dev.sidguard.detect.OktaEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The detect module's rule samples (in its test resources), as raw lines and keyed events. */
final class Samples {
  private static final Path RULES = Path.of(System.getProperty("sidguard.root", ".."),
      "sidguard-detect/src/test/resources/dev/sidguard/detect/rules");

  private Samples() {}

  static Path path(String resource) {
    return RULES.resolve(resource);
  }

  static String text(String resource) {
    try {
      return Files.readString(path(resource), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String resource) {
    return text(resource).lines().filter(l -> !l.isBlank()).toList();
  }

  /** The event as the routing step would key it (tenant ""). */
  static KeyedEvent keyed(String json) {
    OktaEvent e = new EventParser().parse(json.getBytes(StandardCharsets.UTF_8), "sample");
    return new KeyedEvent("", RouteEvents.actor(e), e.publishedMillis(), json);
  }
}
