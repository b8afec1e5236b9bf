package dev.sidguard.flink;

/** A keyed-state value with the event time at which it expires (its last write's time plus the state's ttl). */
record Stamped<V>(long expiresAt, V value) {}
