package dev.sidguard.detect;

import java.util.List;

/** The built-in detections, in the order the engine runs them. */
public final class Rules {
  /** Ids of the built-in rules, in run order. */
  public static final List<String> IDS = List.of(
      SessionReplayRule.ID, TokenWithoutMfaRule.ID, PrivilegedChangeRule.ID, ImpossibleTravelRule.ID,
      AdminConsoleRule.ID, ExposedSessionRule.ID, SensitiveChangeRule.ID);

  private Rules() {}

  /**
   * New instances of every built-in rule for one engine (rules hold state handles, so each engine
   * needs its own). sensitive-change-in-suspicious-session runs last so it sees flags raised by
   * the others on the same event.
   */
  public static List<Rule> builtIn(DetectConfig config, Watchlist watchlist) {
    Networks networks = new Networks(config);
    AuthEvents auth = new AuthEvents(config);
    return List.of(
        new SessionReplayRule(config, networks, auth),
        new TokenWithoutMfaRule(config, networks, auth),
        new PrivilegedChangeRule(config, networks),
        new ImpossibleTravelRule(config, networks),
        new AdminConsoleRule(config, networks, auth),
        new ExposedSessionRule(config, networks, auth, watchlist),
        new SensitiveChangeRule(config, networks));
  }
}
