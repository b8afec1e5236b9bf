package dev.sidguard.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * admin-console-new-network: Admin Console access from a network the admin has never
 * authenticated from (within learning_window), outside the egress ranges.
 *
 * Networks are learned only from successful authentications: a legitimate admin signs in where
 * they work, a replayed cookie never authenticates, so the replay's network stays unknown however
 * often it is used. Access means user.session.access_admin_app, or policy.evaluate_sign_on
 * targeting the Admin Console app (a sign-on evaluation inside an existing session). A
 * user.session.start to the Admin Console is an authentication and teaches its network. With
 * admin_console_require_egress, any access from outside admin_egress_cidrs alerts.
 * Warm-up: for an admin with nothing learned yet, during the first session_lifetime of input, only
 * hosting/proxy sources alert (the admin's login may simply predate the input).
 */
final class AdminConsoleRule implements Rule {
  static final String ID = "admin-console-new-network";
  private static final RuleInfo INFO = new RuleInfo(ID, "Admin Console accessed from a new network",
      Severity.HIGH, List.of("T1078.004", "T1550.004"),
      "An administrator reached the Okta Admin Console from a network they have never authenticated from, "
          + "outside the admin egress ranges. In October 2023 attackers replayed admin session cookies taken from "
          + "support HAR files to enter customers' Admin Consoles this way. Verify with the admin; if they did not "
          + "do it, clear their sessions, review every admin action of the session, and rotate any API tokens it "
          + "could see. Since October 2023 Okta can bind Admin Console sessions to ASN: make sure it is on.");

  private final DetectConfig config;
  private final Networks networks;
  private final AuthEvents auth;
  private final EventTypes access;
  private KeyedState<KnownNetworks> known = NoState.instance();

  AdminConsoleRule(DetectConfig config, Networks networks, AuthEvents auth) {
    this.config = config;
    this.networks = networks;
    this.auth = auth;
    this.access = new EventTypes(config.eventTypes("admin_console"));
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void open(StateRegistry states) {
    known = states.keyed("known-networks", KnownNetworks.class, config.learningWindow());
  }

  @Override
  public void onEvent(OktaEvent e, RuleContext ctx) {
    String user = e.user();
    if (user == null || Networks.oktaInternal(e)) {
      return;
    }
    String network = networks.network(e);
    if (auth.authenticated(e) || auth.mfa(e)) {
      if (network != null) {
        KnownNetworks k = known.get(user);
        known.put(user, KnownNetworks.plus(k, network));
      }
      return;
    }
    if (!isAccess(e) || !e.succeeded() || networks.trusted(e)) {
      return;
    }
    KnownNetworks k = known.get(user);
    if (k == null && e.publishedMillis() - ctx.observedSince() < config.sessionLifetime().toMillis()
        && !networks.hosting(e)) {
      return;
    }
    boolean seen = network != null && k != null && k.contains(network);
    boolean outsideEgress = networks.hasEgressRanges();
    if (seen && !(config.adminConsoleRequireEgress() && outsideEgress)) {
      return;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("access", e.eventType());
    evidence.put("source", Evidence.network(e, networks));
    evidence.put("network", network == null ? "unknown" : network);
    evidence.put("known_networks", k == null ? List.of() : k.networks());
    evidence.put("outside_egress_ranges", outsideEgress);
    String summary = user + " accessed the Admin Console from " + Evidence.where(e)
        + (seen ? ", outside the admin egress ranges." : ", a network they have never authenticated from.");
    ctx.emit(Finding.of(e, ctx.severity(), summary, List.of(e.uuid()), evidence));
  }

  private boolean isAccess(OktaEvent e) {
    if (access.matches(e.eventType())) {
      return true;
    }
    if ("policy.evaluate_sign_on".equals(e.eventType())) {
      for (OktaEvent.Target t : e.targets()) {
        if ("AppInstance".equals(t.type()) && (config.adminConsoleApp().equalsIgnoreCase(t.displayName())
            || config.adminConsoleApp().equalsIgnoreCase(t.alternateId()))) {
          return true;
        }
      }
    }
    return false;
  }
}
