package dev.sidguard.detect;

import java.util.List;

/** What the engine offers a rule while it judges one event. */
public interface RuleContext {
  /** The rule's configured severity (the configuration may override {@link RuleInfo#severity()}). */
  Severity severity();

  /** Event time (epoch ms) of the first event this engine ever processed, across checkpoints. */
  long observedSince();

  /** Alerts already raised in this session (by any rule), oldest first; empty when none. */
  List<AlertRef> alertsInSession(String sessionId);

  /** Reports a finding about the current event; the engine dedups, escalates and assigns the id. */
  void emit(Finding finding);
}
