package dev.sidguard.detect;

import java.time.Duration;

/** Where a rule declares its keyed states (like Flink state descriptors), once, at open time. */
public interface StateRegistry {
  /**
   * Declares a keyed state named {@code name} (unique within the rule) holding values of
   * {@code type}: small immutable records that Jackson can write and read back for checkpoints.
   * An entry expires {@code ttl} of event time after it was last written.
   */
  <V> KeyedState<V> keyed(String name, Class<V> type, Duration ttl);
}
