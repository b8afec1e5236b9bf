package dev.sidguard.sim;

import java.util.List;

/** Benign behaviour a naive detection gets wrong, with the built-in rules it is a trap for. */
public enum Trap {
  MOBILE_IP_CHURN("mobile-ip-churn", "phone session hopping between carrier-grade-NAT addresses of one ASN and city",
      List.of("session-replay", "impossible-travel")),
  IPV6_PRIVACY_ADDRESSES("ipv6-privacy-addresses", "home IPv6 privacy address rotating inside one prefix",
      List.of("session-replay")),
  COMMUTER("commuter-office-to-home", "laptop session born at the office continued from home the same day",
      List.of("session-replay", "admin-console-new-network")),
  BROWSER_AUTO_UPDATE("browser-auto-update", "browser major version moves up by one between or inside sessions",
      List.of("session-replay")),
  TRUSTED_VPN("trusted-vpn", "work through the corporate VPN, sometimes exiting in another country",
      List.of("session-replay", "impossible-travel", "admin-console-new-network")),
  OKTA_INTERNAL("okta-internal-event", "Okta back-end event from a cloud provider inside a user's session",
      List.of("session-replay", "token-without-mfa")),
  TRAVELLER("traveller-at-flight-speed", "flight to another continent with airport time; session continued abroad",
      List.of("impossible-travel", "session-replay")),
  FAILED_LOGINS_ABROAD("failed-logins-from-abroad", "password spray from hosting networks that never succeeds",
      List.of("impossible-travel", "session-replay", "exposed-session-used")),
  TOKEN_IN_MFA_SESSION("token-in-mfa-session", "single-page apps fetching tokens in sessions that did MFA",
      List.of("token-without-mfa")),
  SESSION_BEFORE_INPUT("session-older-than-input", "sessions begun before the log starts, using tokens early on",
      List.of("token-without-mfa")),
  CI_SERVICE_ACCOUNT("ci-service-account", "CI client-credentials grants and provisioning API calls from a cloud",
      List.of("token-without-mfa", "privileged-change-untrusted-network", "session-replay")),
  ADMIN_FROM_EGRESS("admin-from-egress", "admins in the Admin Console and granting privileges from the office or VPN",
      List.of("admin-console-new-network", "privileged-change-untrusted-network")),
  ADMIN_FROM_HOME("admin-from-home", "admins in the Admin Console from their home network after MFA",
      List.of("admin-console-new-network")),
  ORDINARY_GROUP_CHANGE("ordinary-group-change", "admins adding users to ordinary groups from anywhere",
      List.of("privileged-change-untrusted-network")),
  SENSITIVE_CHANGE_CLEAN_SESSION("sensitive-change-in-clean-session",
      "policy updates, factor resets, API tokens and IdP updates in unflagged admin sessions",
      List.of("sensitive-change-in-suspicious-session")),
  EXPOSED_USER_KNOWN_NETWORKS("exposed-user-on-known-networks",
      "the admin whose HAR leaked keeps working from networks they sign in from", List.of("exposed-session-used"));

  private final String id;
  private final String description;
  private final List<String> rules;

  Trap(String id, String description, List<String> rules) {
    this.id = id;
    this.description = description;
    this.rules = rules;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The built-in rules this behaviour is a trap for. */
  public List<String> rules() {
    return rules;
  }
}
