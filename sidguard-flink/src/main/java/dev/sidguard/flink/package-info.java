/**
 * The sidguard detection engine as an Apache Flink job: Okta events from Kafka (or a file), alerts to Kafka.
 */
@NullMarked
package dev.sidguard.flink;

import org.jspecify.annotations.NullMarked;
