package dev.sidguard.detect;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs events through a fresh engine with the built-in rules and collects the alerts. */
final class Runs {
  private Runs() {}

  static List<Alert> run(DetectConfig config, Watchlist watchlist, List<OktaEvent> events) {
    List<Alert> alerts = new ArrayList<>();
    Engine engine = new Engine(config, Rules.builtIn(config, watchlist), alerts::add);
    events.forEach(engine::accept);
    engine.flush();
    return alerts;
  }

  static List<OktaEvent> resource(String path) {
    InputStream in = Runs.class.getResourceAsStream(path);
    if (in == null) {
      throw new AssertionError("missing test resource " + path);
    }
    return EventReaderTest.drain(EventReader.open(in, path));
  }

  static List<OktaEvent> ndjson(String text) {
    return EventReaderTest.drain(EventReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text"));
  }
}
