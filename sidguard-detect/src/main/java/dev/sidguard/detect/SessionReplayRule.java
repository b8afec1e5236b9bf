package dev.sidguard.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * session-replay: one externalSessionId used from a network identity and device it was not born on.
 *
 * The session's birth (its first event, normally user.session.start) records a network identity
 * (ASN — or a coarse prefix when Okta has none —, country, hosting/proxy flag) and a device
 * identity (browser and OS family, browser major version, dtHash). A successful authentication or
 * MFA inside the session adds the identity it came from to the accepted set (at most MAX_ACCEPTED):
 * whoever re-authenticated holds the credentials, not just the cookie. Each later event is
 * compared with every accepted identity and alerts only if it matches none:
 *   - full severity: a hosting/proxy network the session was not born on, or a network change
 *     (new ASN or country, outside corporate egress/VPN) together with a device change;
 *   - one step lower: a different browser or OS family on the same network (a cookie copied into
 *     another browser).
 * Not replay: IP churn inside one ASN (mobile, IPv6 privacy addresses), a commuter's network
 * change on the same device, a browser minor-version update, an auto-update one major version up on
 * the same device token (even when the commuter then changes network), corporate VPN,
 * Okta-internal traffic.
 */
final class SessionReplayRule implements Rule {
  static final String ID = "session-replay";
  private static final int MAX_ACCEPTED = 4;
  private static final RuleInfo INFO = new RuleInfo(ID, "Session replayed from a new network and device",
      Severity.HIGH, List.of("T1550.004", "T1539"),
      "A session cookie was used from a network and device the session was not born on, without the user "
          + "re-authenticating: the signature of a stolen cookie (for instance from a HAR file) imported into an "
          + "attacker's browser. Compare the birth and replay networks in the evidence; ask the user whether they "
          + "switched device or network. If not, clear the user's sessions (Okta: Clear User Sessions), revoke "
          + "their tokens, reset credentials and MFA if other signs point to compromise, and review every event of "
          + "the session after the replay time, especially admin actions.");

  private final DetectConfig config;
  private final Networks networks;
  private final AuthEvents auth;
  private final UserAgents userAgents = new UserAgents();
  private KeyedState<Birth> sessions = NoState.instance();

  /** One accepted identity of the session. */
  record Identity(String uuid, long time, @Nullable String network, @Nullable String country, boolean hosting,
      boolean trusted, @Nullable String browser, @Nullable String os, int major, @Nullable String dtHash,
      @Nullable String ip, @Nullable String asOrg, @Nullable String userAgent) {

    static Identity of(OktaEvent e, Networks n, UserAgents ua) {
      OktaEvent.Security s = e.security();
      return new Identity(e.uuid(), e.publishedMillis(), n.network(e), e.client().country(), n.hosting(e),
          n.trusted(e), e.client().browser(), e.client().os(), ua.majorCached(e.client().userAgent()), e.dtHash(),
          e.client().ip(), s.asOrg() != null ? s.asOrg() : s.isp(), e.client().userAgent());
    }

    boolean sameDeviceAndNetwork(Identity o) {
      return java.util.Objects.equals(network, o.network) && java.util.Objects.equals(browser, o.browser)
          && java.util.Objects.equals(os, o.os) && major == o.major && java.util.Objects.equals(dtHash, o.dtHash);
    }
  }

  /** The session's accepted identities, birth first. */
  record Birth(List<Identity> accepted) {}

  SessionReplayRule(DetectConfig config, Networks networks, AuthEvents auth) {
    this.config = config;
    this.networks = networks;
    this.auth = auth;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void open(StateRegistry states) {
    sessions = states.keyed("sessions", Birth.class, config.sessionLifetime());
  }

  @Override
  public void onEvent(OktaEvent e, RuleContext ctx) {
    String sid = e.sessionId();
    if (sid == null || e.client().ip() == null || Networks.oktaInternal(e)) {
      return;
    }
    Birth birth = sessions.get(sid);
    if (birth == null) {
      if (e.succeeded()) {
        sessions.put(sid, new Birth(List.of(Identity.of(e, networks, userAgents))));
      }
      return;
    }
    if (auth.authenticated(e) || auth.mfa(e)) {
      Identity now = Identity.of(e, networks, userAgents);
      List<Identity> accepted = new ArrayList<>(birth.accepted());
      if (accepted.stream().noneMatch(now::sameDeviceAndNetwork)) {
        if (accepted.size() >= MAX_ACCEPTED) {
          accepted.remove(1);
        }
        accepted.add(now);
      }
      sessions.put(sid, new Birth(List.copyOf(accepted)));
      return;
    }
    sessions.put(sid, birth);
    Verdict worst = null;
    for (Identity accepted : birth.accepted()) {
      Verdict v = judge(accepted, e);
      if (v.level == 0) {
        return;
      }
      if (worst == null || v.level < worst.level) {
        worst = v;
      }
    }
    if (worst == null) {
      return;
    }
    Identity from = birth.accepted().get(0);
    Severity severity = worst.level == 2 ? ctx.severity() : ctx.severity().lower();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("changed", worst.changes);
    evidence.put("birth", birthEvidence(from));
    evidence.put("replay", Evidence.network(e, networks));
    evidence.put("birth_time", Engine.instant(from.time()).toString());
    String summary = "Session of " + e.user() + " born on " + describe(from) + " was used from "
        + Evidence.where(e) + (worst.changes.contains("hosting") ? " (hosting/proxy network)" : "")
        + " with " + browser(e.client().browser(), e.client().os(), UserAgents.major(e.client().userAgent()))
        + " without re-authentication (changed: " + String.join(", ", worst.changes) + ").";
    ctx.emit(Finding.of(e, severity, summary, List.of(from.uuid(), e.uuid()), evidence));
  }

  private record Verdict(int level, List<String> changes) {}

  private static final Verdict SAME = new Verdict(0, List.of());

  private Verdict judge(Identity b, OktaEvent e) {
    boolean trusted = networks.trusted(e);
    String net = networks.network(e);
    boolean asnChanged = !trusted && b.network() != null && net != null && !b.network().equals(net);
    boolean countryChanged = !trusted && b.country() != null && e.client().country() != null
        && !b.country().equalsIgnoreCase(e.client().country());
    boolean hostingNew = !trusted && !b.hosting() && networks.hosting(e);
    boolean familyChanged = UserAgents.differ(b.browser(), e.client().browser())
        || UserAgents.differ(b.os(), e.client().os());
    int major = userAgents.majorCached(e.client().userAgent());
    boolean majorChanged = b.major() >= 0 && major >= 0 && b.major() != major;
    String dt = e.dtHash();
    boolean dtChanged = b.dtHash() != null && dt != null && !b.dtHash().equals(dt);
    // A browser auto-update: one major version up on the same device token, family and OS.
    boolean autoUpdate = majorChanged && major == b.major() + 1 && !familyChanged && dt != null
        && dt.equals(b.dtHash());
    boolean network = asnChanged || countryChanged;
    boolean device = familyChanged || (majorChanged && !autoUpdate) || dtChanged;
    int level = hostingNew || (network && device) ? 2 : familyChanged ? 1 : 0;
    if (level == 0) {
      return SAME;
    }
    List<String> changes = new ArrayList<>(4);
    if (asnChanged) {
      changes.add("network");
    }
    if (countryChanged) {
      changes.add("country");
    }
    if (hostingNew) {
      changes.add("hosting");
    }
    if (familyChanged) {
      changes.add("browser_or_os");
    }
    if (majorChanged) {
      changes.add("browser_version");
    }
    if (dtChanged) {
      changes.add("device_token");
    }
    return new Verdict(level, changes);
  }

  private static Map<String, Object> birthEvidence(Identity b) {
    Map<String, Object> m = new LinkedHashMap<>();
    Evidence.put(m, "ip", b.ip());
    Evidence.put(m, "network", b.network());
    Evidence.put(m, "as_org", b.asOrg());
    Evidence.put(m, "country", b.country());
    m.put("hosting", b.hosting());
    Evidence.put(m, "user_agent", b.userAgent());
    return m;
  }

  private static String describe(Identity b) {
    return (b.ip() == null ? "?" : b.ip()) + " (" + (b.network() == null ? "unknown network" : b.network())
        + (b.asOrg() == null ? "" : " " + b.asOrg()) + (b.country() == null ? "" : ", " + b.country()) + ") with "
        + browser(b.browser(), b.os(), b.major());
  }

  private static String browser(@Nullable String browser, @Nullable String os, int major) {
    return (browser == null ? "an unknown browser" : browser) + (major >= 0 ? " " + major : "")
        + (os == null ? "" : " on " + os);
  }
}
