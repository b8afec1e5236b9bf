package dev.sidguard.flink;

/**
 * The job's internal record between parsing and detection: an event's tenant, its partition
 * (the actor, see {@link DetectJob}), its event time and its JSON text.
 */
public record KeyedEvent(String tenant, String actor, long time, String json) {
  /** The key the detection operator is partitioned by. */
  public String key() {
    return tenant + '\u0000' + actor;
  }
}
