package dev.sidguard.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A labelled attack the simulator can plant in a tenant's log, with the rules expected to catch it. */
public enum Scenario {
  HAR_REPLAY_2023("har-replay-2023",
      "The October 2023 chain: an admin's Classic session cookie taken from a support HAR is replayed from a "
          + "hosting ASN abroad in another browser; Admin Console, a backdoor user added to Okta Administrators, "
          + "a new identity provider created and activated.",
      List.of("session-replay", "admin-console-new-network", "privileged-change-untrusted-network",
          "sensitive-change-in-suspicious-session")),
  SLOW_REPLAY_DATACENTER("slow-replay-datacenter",
      "A patient replay hours after the user's last activity, from a datacenter ASN in the same country (under "
          + "500 km away), with every cookie including DT (same dtHash) and a near-identical user agent.",
      List.of("session-replay")),
  TOKEN_WITHOUT_MFA("token-without-mfa",
      "A phished password signs in through the legacy authn flow, whose policy does not ask for MFA, from a "
          + "residential proxy near the victim, and mints OAuth tokens for the single-page apps.",
      List.of("token-without-mfa")),
  PRIVILEGED_CHANGE_OUTSIDE_EGRESS("privileged-change-outside-egress",
      "An admin's password plus an MFA-fatigue push, late at night from a residential proxy near the admin's "
          + "home; the new session grants Super administrator to an ordinary account.",
      List.of("privileged-change-untrusted-network")),
  IMPOSSIBLE_TRAVEL("impossible-travel",
      "A user's password and a fatigued MFA push used from a home ISP in Sao Paulo 35-50 minutes after the user "
          + "worked from home in the New York area.",
      List.of("impossible-travel")),
  WATCHLISTED_SESSION_REPLAY("watchlisted-session-replay",
      "An admin records a support-case HAR holding the live sid cookie; hours later the session is replayed with "
          + "the same user agent and DT cookie from a residential proxy nearby (no hosting, no device change): "
          + "only the exposure watchlist ties it to the HAR. Admin Console, then an API token.",
      List.of("exposed-session-used", "admin-console-new-network", "sensitive-change-in-suspicious-session"));

  private final String id;
  private final String description;
  private final List<String> expectedRules;

  Scenario(String id, String description, List<String> expectedRules) {
    this.id = id;
    this.description = description;
    this.expectedRules = expectedRules;
  }

  /** The scenario's name on the command line and in labels. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** Rules that must each raise at least one alert on this attack. */
  public List<String> expectedRules() {
    return expectedRules;
  }

  /**
   * The scenario named {@code name} (its {@link #id()}, case-insensitive).
   *
   * @throws SimException listing the known names when there is none
   */
  public static Scenario byName(String name) {
    for (Scenario s : values()) {
      if (s.id.equalsIgnoreCase(name.strip())) {
        return s;
      }
    }
    throw new SimException("unknown scenario '" + name + "'; known: " + names());
  }

  /** Every scenario name, comma-separated. */
  public static String names() {
    return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
