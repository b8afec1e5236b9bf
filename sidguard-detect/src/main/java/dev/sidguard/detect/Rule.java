package dev.sidguard.detect;

/**
 * A detection: metadata plus logic that sees one event at a time and keeps its memory only in
 * engine-owned keyed state.
 *
 * <p>Contract, so that any runtime (the embedded {@link Engine}, a Flink operator, a declarative
 * rule compiler) can host a rule: {@link #open} declares every keyed state once, before the first
 * event; {@link #onEvent} is called for each event in (published, uuid) order, must be
 * deterministic, must not keep mutable fields or own collections of events, and reports through
 * {@link RuleContext#emit}. The engine owns ordering, state expiry, deduplication, escalation and
 * alert ids.
 */
public interface Rule {
  /** Id, title, default severity, ATT&amp;CK ids and runbook. */
  RuleInfo info();

  /** Declares the rule's keyed states; called once, before any event. */
  void open(StateRegistry states);

  /** Judges one event. */
  void onEvent(OktaEvent event, RuleContext ctx);
}
