package dev.sidguard.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * token-without-mfa: a token grant in a session that has shown no MFA within the session lifetime.
 *
 * Per session: when its start was seen and when MFA last succeeded in it. A grant with no MFA in
 * the last session_lifetime alerts, but only if the session's start was seen or the engine has
 * watched for a whole session lifetime; otherwise the MFA may simply predate the input (warm-up).
 */
final class TokenWithoutMfaRule implements Rule {
  static final String ID = "token-without-mfa";
  private static final RuleInfo INFO = new RuleInfo(ID, "Token granted in a session without MFA",
      Severity.HIGH, List.of("T1550.004", "T1528"),
      "An access or refresh token was granted inside a session that showed no multi-factor authentication "
          + "within the session lifetime. A replayed session cookie lets an attacker mint tokens for APIs and "
          + "apps without ever facing MFA. Check whether the user's sign-on policy requires MFA; if it does, "
          + "treat the session as stolen: revoke the granted tokens and the user's sessions, and review what the "
          + "token was used for. If MFA is not required for this app, consider requiring it or allow-listing "
          + "the client id.");

  private final DetectConfig config;
  private final AuthEvents auth;
  private final EventTypes grants;
  private final Networks networks;
  private KeyedState<SessionAuth> sessions = NoState.instance();

  /** When the session started (0: not seen) and last proved MFA (0: never). */
  record SessionAuth(long started, long lastMfa, String startUuid) {}

  TokenWithoutMfaRule(DetectConfig config, Networks networks, AuthEvents auth) {
    this.config = config;
    this.auth = auth;
    this.networks = networks;
    this.grants = new EventTypes(config.eventTypes("token_grant"));
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void open(StateRegistry states) {
    sessions = states.keyed("sessions", SessionAuth.class, config.sessionLifetime());
  }

  @Override
  public void onEvent(OktaEvent e, RuleContext ctx) {
    String sid = e.sessionId();
    if (sid == null) {
      return;
    }
    long t = e.publishedMillis();
    boolean mfa = auth.mfa(e);
    if (mfa || auth.authenticated(e)) {
      SessionAuth s = sessions.get(sid);
      long started = s != null ? s.started() : 0;
      String startUuid = s != null ? s.startUuid() : "";
      if (started == 0 && "user.session.start".equals(e.eventType())) {
        started = t;
        startUuid = e.uuid();
      }
      sessions.put(sid, new SessionAuth(started, mfa ? t : s != null ? s.lastMfa() : 0, startUuid));
      return;
    }
    if (!grants.matches(e.eventType()) || !e.succeeded() || Networks.oktaInternal(e)) {
      return;
    }
    long lifetime = config.sessionLifetime().toMillis();
    SessionAuth s = sessions.get(sid);
    if (s != null && s.lastMfa() > 0 && t - s.lastMfa() <= lifetime) {
      return;
    }
    boolean startSeen = s != null && s.started() > 0;
    if (!startSeen && t - ctx.observedSince() < lifetime) {
      return;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("grant", e.eventType());
    evidence.put("session_start", startSeen ? Engine.instant(s.started()).toString() : "not seen in the input");
    evidence.put("last_mfa", s != null && s.lastMfa() > 0 ? Engine.instant(s.lastMfa()).toString() : "none");
    evidence.put("client", Evidence.network(e, networks));
    List<String> targets = e.targets().stream()
        .map(x -> x.type() + ":" + (x.displayName() != null ? x.displayName() : x.alternateId())).toList();
    evidence.put("targets", targets);
    String summary = "A token was granted (" + e.eventType() + ") to " + e.user() + " from " + Evidence.where(e)
        + " in a session with no MFA in the last " + config.sessionLifetime().toHours() + " h.";
    List<String> events = startSeen && !s.startUuid().isEmpty() ? List.of(s.startUuid(), e.uuid()) : List.of(e.uuid());
    ctx.emit(Finding.of(e, ctx.severity(), summary, events, evidence));
  }
}
