package dev.sidguard.flink;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What every operator of the job needs, shipped with the job graph as plain text so that every
 * subtask builds the same configuration: the detect configuration YAML and the watchlist JSONL
 * (file contents, empty for the built-in defaults / no watchlist), the start of observation
 * (epoch ms, identical in every subtask), the tenant field (a dotted JSON path, or null to take
 * tenants from the Kafka record key), and the alert format.
 */
public record JobSettings(String configYaml, String configName, String watchlistJsonl, String watchlistName,
    long observedSince, @Nullable String tenantField, AlertFormat format, String productVersion)
    implements Serializable {

  /**
   * The configuration; parsing it here, on the client, reports a bad file before the job starts.
   *
   * @throws dev.sidguard.detect.DetectException naming the file and position on a bad configuration
   */
  public DetectConfig config() {
    return configYaml.isBlank() ? DetectConfig.defaults() : DetectConfig.parse(configYaml, configName);
  }

  /**
   * The watchlist.
   *
   * @throws dev.sidguard.detect.DetectException naming the file and line on a bad watchlist
   */
  public Watchlist watchlist() {
    return watchlistJsonl.isBlank() ? Watchlist.empty() : Watchlist.parse(watchlistJsonl, watchlistName);
  }
}
