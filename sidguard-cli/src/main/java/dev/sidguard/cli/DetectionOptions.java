package dev.sidguard.cli;

import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command that runs the detections shares (detect, poll, serve): a picocli mixin. */
final class DetectionOptions {
  @Option(names = "--config", paramLabel = "C.yaml", description = "Configuration over the built-in defaults.")
  @Nullable Path config;

  @Option(names = "--watchlist", paramLabel = "W.jsonl", description = "HAR exposure watchlist written by 'scan'.")
  @Nullable Path watchlist;

  DetectConfig config() {
    return config == null ? DetectConfig.defaults() : DetectConfig.load(config);
  }

  Watchlist watchlist() {
    return watchlist == null ? Watchlist.empty() : Watchlist.load(watchlist);
  }
}
