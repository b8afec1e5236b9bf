package dev.sidguard.sim;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * One Okta session of one person on one browser, and the events it produces. The network
 * (endpoint) and browser version can change while the session lives, as they do for commuters,
 * mobile users and auto-updating browsers; a replayed session is the same session id driven from
 * another endpoint and browser. Events go to the sink in creation order; the simulator sorts.
 */
final class Session {
  final Person user;
  final Tenant tenant;
  final String id;
  final @Nullable String root;
  final boolean classic;
  final SplittableRandom r;
  private final Consumer<SimEvent> sink;
  Device device;
  String userAgent;
  String dtHash;
  Net.Endpoint at;
  long lastMfa = Long.MIN_VALUE;
  long last;

  Session(Person user, Tenant tenant, boolean classic, Device device, int major, Net.Endpoint at,
      SplittableRandom r, Consumer<SimEvent> sink) {
    this.user = user;
    this.tenant = tenant;
    this.classic = classic;
    this.r = r;
    this.sink = sink;
    this.id = classic ? Ids.classicSession(r) : Ids.idxSession(r);
    this.root = classic ? null : id;
    this.device = device;
    this.userAgent = device.userAgent(major, 5990 + r.nextInt(200));
    this.dtHash = device.dtHash();
    this.at = at;
  }

  void browserMajor(int major) {
    userAgent = device.userAgent(major, 5990 + r.nextInt(200));
  }

  SimEvent event(long t, String type, String message, @Nullable String legacy) {
    SimEvent e = new SimEvent(t, Ids.uuid(t, r), type, message, legacy, user.id(), "User", user.login(),
        user.displayName(), at, Ids.requestId(r));
    e.userAgent = userAgent;
    e.os = device.kind().os;
    e.browser = device.kind().browser;
    e.deviceType = device.kind().deviceType;
    e.session = id;
    e.rootSession = root;
    last = t;
    sink.accept(e);
    return e;
  }

  private SimEvent.Target userTarget() {
    return new SimEvent.Target(user.id(), "User", user.login(), user.displayName());
  }

  // ---- authentication ----

  /**
   * user.session.start; with {@code fastPass} an Identity Engine sign-in with Okta Verify (which is
   * itself multi-factor), otherwise a password sign-in.
   */
  SimEvent start(long t, boolean fastPass) {
    SimEvent e = event(t, "user.session.start", "User login to Okta", "core.user_auth.login_success");
    String uri = classic ? "/api/v1/authn" : fastPass ? "/idp/idx/authenticators/poll" : "/idp/idx/identify";
    e.debug("authnRequestId", Ids.base62(r, 27), "deviceFingerprint", Ids.hex32(r), "dtHash", dtHash,
        "requestUri", uri, "threatSuspected", "false", "url", uri + "?",
        "behaviors", "{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, "
            + "New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}",
        "risk", "{level=LOW}");
    if (classic) {
      e.targets();
    } else if (fastPass) {
      e.targets(new SimEvent.Target(tenant.oktaVerifyEnrollment, "AuthenticatorEnrollment", "unknown", "Okta Verify"),
          app(tenant.dashboard));
      lastMfa = t;
    } else {
      e.targets(new SimEvent.Target(tenant.passwordEnrollment, "AuthenticatorEnrollment", "unknown", "Password"),
          app(tenant.dashboard));
    }
    return e;
  }

  /** user.authentication.auth_via_mfa with an Okta Verify push. */
  SimEvent mfa(long t) {
    SimEvent e = event(t, "user.authentication.auth_via_mfa", "Authentication of user via MFA",
        "core.user.factor.attempt_success");
    String uri = classic ? "/api/v1/authn/factors/" + tenant.oktaVerifyEnrollment + "/verify"
        : "/idp/idx/challenge/answer";
    e.debug("factor", "OKTA_VERIFY_PUSH", "factorIntent", "AUTHENTICATION", "dtHash", dtHash, "requestUri", uri,
        "threatSuspected", "false", "url", uri + "?");
    e.targets(new SimEvent.Target(tenant.oktaVerifyEnrollment, "AuthenticatorEnrollment", "unknown", "Okta Verify"));
    lastMfa = t;
    return e;
  }

  /** A failed sign-in attempt of this user (wrong password). */
  SimEvent failedStart(long t) {
    SimEvent e = event(t, "user.session.start", "User login to Okta", "core.user_auth.login_failed");
    e.session = "unknown";
    e.rootSession = null;
    e.failed("INVALID_CREDENTIALS");
    e.debug("dtHash", dtHash, "requestUri", "/idp/idx/identify", "threatSuspected", "false", "url",
        "/idp/idx/identify?");
    return e;
  }

  SimEvent end(long t) {
    SimEvent e = event(t, "user.session.end", "User logout from Okta", "core.user_auth.logout_success");
    e.debug("dtHash", dtHash, "requestUri", "/login/signout", "url", "/login/signout?");
    return e;
  }

  // ---- apps ----

  SimEvent sso(long t, Tenant.App app) {
    SimEvent e = event(t, "user.authentication.sso", "User single sign on to app", "app.auth.sso");
    String uri = "/app/" + app.slug() + "/" + app.id() + "/sso/saml";
    e.debug("dtHash", dtHash, "initiationType", "IDP_INITIATED", "requestUri", uri, "signOnMode", "SAML 2.0",
        "url", uri + "?");
    e.targets(app(app), new SimEvent.Target(Ids.okta("0ua", r), "AppUser", user.login(), user.displayName()));
    return e;
  }

  /** An OIDC single-page app's browser fetching an access token (authorization code + PKCE). */
  SimEvent tokenGrant(long t, Tenant.App app) {
    SimEvent e = event(t, "app.oauth2.as.token.grant.access_token", "OAuth2 access token is granted", null);
    e.clientId = app.id();
    String uri = "/oauth2/" + tenant.authServer + "/v1/token";
    e.debug("grantType", "authorization_code", "grantedScopes", "openid profile email offline_access",
        "requestUri", uri, "url", uri + "?", "dtHash", dtHash);
    e.targets(new SimEvent.Target("AT." + Ids.base62(r, 43), "access_token", "unknown", "Access Token",
        kv("expires", java.time.Instant.ofEpochMilli(t + 3_600_000).toString(), "subject", user.id())),
        app(app));
    return e;
  }

  SimEvent evaluateSignOn(long t, Tenant.App app) {
    SimEvent e = event(t, "policy.evaluate_sign_on", "Evaluation of sign-on policy", null);
    e.result = "ALLOW";
    e.reason = "Sign-on policy evaluation resulted in ALLOW";
    e.debug("dtHash", dtHash, "requestUri", "/idp/idx/introspect", "url", "/idp/idx/introspect?");
    e.targets(new SimEvent.Target(tenant.signOnPolicy, "PolicyEntity", "unknown", "Default Policy",
        kv("policyType", "OktaSignOn")), new SimEvent.Target(tenant.signOnRule, "PolicyRule", "unknown",
        "Require MFA"), app(app));
    return e;
  }

  // ---- administration ----

  SimEvent adminConsole(long t) {
    SimEvent e = event(t, "user.session.access_admin_app", "User accessing Okta admin app",
        "app.admin.sso.login.success");
    e.debug("dtHash", dtHash, "requestUri", "/admin/sso/request", "url", "/admin/sso/request?");
    e.targets(new SimEvent.Target(tenant.adminConsoleUserId, "AppUser", "unknown", user.displayName()));
    return e;
  }

  SimEvent groupAdd(long t, Tenant.Group g, String userId, String login, String name) {
    SimEvent e = event(t, "group.user_membership.add", "Add user to group membership",
        "core.user_group_member.user_add");
    String uri = "/api/v1/groups/" + g.id() + "/users/" + userId;
    e.debug("requestUri", uri, "url", uri);
    e.targets(new SimEvent.Target(userId, "User", login, name), new SimEvent.Target(g.id(), "UserGroup", "unknown",
        g.name()));
    return e;
  }

  SimEvent privilegeGrant(long t, String role, String userId, String login, String name) {
    SimEvent e = event(t, "user.account.privilege.grant", "Grant user privilege", "core.user.admin_privilege.granted");
    String uri = "/api/v1/users/" + userId + "/roles";
    e.debug("privilegeGranted", role, "requestUri", uri, "url", uri);
    e.targets(new SimEvent.Target(userId, "User", login, name));
    return e;
  }

  SimEvent userCreate(long t, String userId, String login, String name) {
    SimEvent e = event(t, "user.lifecycle.create", "Create okta user", "core.user.config.user_creation.success");
    e.debug("requestUri", "/api/v1/users", "url", "/api/v1/users?activate=true");
    e.targets(new SimEvent.Target(userId, "User", login, name));
    return e;
  }

  SimEvent factorReset(long t, Person who) {
    SimEvent e = event(t, "user.mfa.factor.reset_all", "Reset all factors for user", "core.user.factor.reset_all");
    String uri = "/api/v1/users/" + who.id() + "/lifecycle/reset_factors";
    e.debug("requestUri", uri, "url", uri);
    e.targets(new SimEvent.Target(who.id(), "User", who.login(), who.displayName()));
    return e;
  }

  SimEvent policyRuleUpdate(long t, String ruleName) {
    SimEvent e = event(t, "policy.rule.update", "Update policy rule", "policy.rule.updated");
    String uri = "/api/v1/policies/" + tenant.signOnPolicy + "/rules/" + tenant.signOnRule;
    e.debug("requestUri", uri, "url", uri);
    e.targets(new SimEvent.Target(tenant.signOnRule, "PolicyRule", "unknown", ruleName,
        kv("policyRuleFactorMode", "2FA")), new SimEvent.Target(tenant.signOnPolicy, "PolicyEntity", "unknown",
        "Default Policy", kv("policyType", "OktaSignOn")));
    return e;
  }

  SimEvent idpLifecycle(long t, String action, String idpId, String idpName) {
    SimEvent e = event(t, "system.idp.lifecycle." + action,
        action.equals("create") ? "Create IdP" : action.equals("activate") ? "Activate IdP" : "Update IdP",
        null);
    e.debug("requestUri", "/api/v1/idps" + (action.equals("create") ? "" : "/" + idpId), "url", "/api/v1/idps");
    e.targets(new SimEvent.Target(idpId, "IdentityProvider", "unknown", idpName,
        kv("type", "SAML2")));
    return e;
  }

  SimEvent apiTokenCreate(long t, String tokenName) {
    SimEvent e = event(t, "system.api_token.create", "Create API token", "api.token.create");
    e.debug("requestUri", "/api/internal/tokens", "url", "/api/internal/tokens?expand=user");
    e.targets(new SimEvent.Target(Ids.okta("00T", r), "Token", "unknown", tokenName));
    return e;
  }

  private static String[] kv(String... keyValues) {
    return keyValues;
  }

  SimEvent.Target app(Tenant.App a) {
    return new SimEvent.Target(a.id(), "AppInstance", a.name(), a.name());
  }
}
