/**
 * Okta System Log detection engine: event model and reader, keyed-state rules, alerts, checkpoints.
 */
@NullMarked
package dev.sidguard.detect;

import org.jspecify.annotations.NullMarked;
