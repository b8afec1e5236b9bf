package dev.sidguard.detect;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * sensitive-change-in-suspicious-session: an identity-provider, policy, API-token or MFA-factor
 * change inside a session some other rule has already flagged. It runs after every other rule so
 * that a flag raised on the same event counts. The alert escalates (references) the session's
 * first alert; its severity is the configured one, critical by default.
 */
final class SensitiveChangeRule implements Rule {
  static final String ID = "sensitive-change-in-suspicious-session";
  private static final RuleInfo INFO = new RuleInfo(ID, "Sensitive change in an already suspicious session",
      Severity.CRITICAL, List.of("T1484.002", "T1556.006", "T1098"),
      "A session already flagged (replay, new network, untrusted privileged change, exposure...) went on to change "
          + "an identity provider, a sign-on or MFA policy, an API token or an MFA factor: the persistence step of "
          + "the 2023 Okta support-breach attacks, where replayed admin sessions tried to add identity providers. "
          + "Act now: clear the actor's sessions, revert the change (delete or deactivate the IdP, restore the "
          + "policy, revoke the token, restore the factor), revoke the actor's API tokens, and hunt for every other "
          + "change made in the session.");

  private final EventTypes sensitive;
  private final Networks networks;

  SensitiveChangeRule(DetectConfig config, Networks networks) {
    this.sensitive = new EventTypes(config.eventTypes("sensitive"));
    this.networks = networks;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void open(StateRegistry states) {
    // reads the engine's per-session alert list only
  }

  @Override
  public void onEvent(OktaEvent e, RuleContext ctx) {
    String sid = e.sessionId();
    if (sid == null || !sensitive.matches(e.eventType()) || !e.succeeded()) {
      return;
    }
    List<AlertRef> flags = ctx.alertsInSession(sid).stream().filter(a -> !ID.equals(a.rule())).toList();
    if (flags.isEmpty()) {
      return;
    }
    AlertRef first = flags.get(0);
    Set<String> rules = new LinkedHashSet<>();
    flags.forEach(a -> rules.add(a.rule()));
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("change", e.eventType());
    evidence.put("targets", e.targets().stream()
        .map(t -> t.type() + ":" + (t.displayName() != null ? t.displayName() : t.alternateId())).toList());
    evidence.put("flagged_by", List.copyOf(rules));
    evidence.put("flagged_alerts", flags.stream().map(AlertRef::id).toList());
    evidence.put("source", Evidence.network(e, networks));
    String summary = e.user() + " made a sensitive change (" + e.eventType() + ") in a session already flagged by "
        + String.join(", ", rules) + ".";
    ctx.emit(Finding.of(e, ctx.severity(), summary, List.of(e.uuid()), evidence).escalating(first.id()));
  }
}
