package dev.sidguard.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * exposed-session-used: activity of a session or user on the HAR exposure watchlist after the
 * HAR was recorded.
 *
 * Session match: sha256(externalSessionId) equals an entry's sha256 (Okta's sid cookie is the
 * Classic externalSessionId), the event is after exposedTo and before expiresAt. The session
 * being alive after it left in a HAR is worth an alert on its own (one step below the configured
 * severity); from a network the user never authenticated from, or a hosting network, it is the
 * configured severity, escalating the first alert if there was one.
 * User match (tokens and HARs that reveal the user): successful activity of that user after exposure, within
 * expiresAt (or session_lifetime after exposedTo), from a network they never authenticated from.
 * Known networks are learned only for watched users, from successful authentications.
 */
final class ExposedSessionRule implements Rule {
  static final String ID = "exposed-session-used";
  private static final RuleInfo INFO = new RuleInfo(ID, "Session exposed in a HAR file used after exposure",
      Severity.CRITICAL, List.of("T1550.004", "T1539"),
      "A session or token that was captured in a HAR file (see the har, kind and name in the evidence) was used "
          + "after the HAR was recorded. HAR files sent to vendors were the source of the 2023 Okta session "
          + "replays. Revoke the session and tokens now (Okta: Clear User Sessions, revoke tokens), ask the vendor "
          + "to delete the HAR, sanitize HARs before sharing (sidguard sanitize), and if the activity came from an "
          + "unfamiliar network review everything the session did after the exposure time.");

  private final DetectConfig config;
  private final Networks networks;
  private final AuthEvents auth;
  private final Watchlist watchlist;
  private final MessageDigest sha256;
  private KeyedState<KnownNetworks> known = NoState.instance();

  ExposedSessionRule(DetectConfig config, Networks networks, AuthEvents auth, Watchlist watchlist) {
    this.config = config;
    this.networks = networks;
    this.auth = auth;
    this.watchlist = watchlist;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    if (watchlist.isEmpty() || Networks.oktaInternal(e)) {
      return;
    }
    String user = e.user();
    List<Watchlist.Entry> watched = watchlist.byUser(user);
    String network = networks.network(e);
    boolean authenticated = auth.authenticated(e) || auth.mfa(e);
    KnownNetworks k = watched.isEmpty() || user == null ? null : known.get(user);
    if (authenticated && !watched.isEmpty() && network != null) {
      known.put(user, KnownNetworks.plus(k, network));
    }
    long t = e.publishedMillis();
    boolean newNetwork = !networks.trusted(e) && (network == null || k == null || !k.contains(network));
    String sid = e.sessionId();
    if (sid != null && watchlist.hasDigests()) {
      Watchlist.Entry hit = exposed(sid);
      if (hit != null && after(hit, t) && (hit.expiresAt() == null || t <= hit.expiresAt().toEpochMilli())) {
        boolean suspicious = (newNetwork && !authenticated) || networks.hosting(e);
        report(e, ctx, hit, "session", suspicious ? ctx.severity() : ctx.severity().lower(), suspicious);
        return;
      }
    }
    if (authenticated || !e.succeeded()) {
      return;
    }
    for (Watchlist.Entry w : watched) {
      long until = w.expiresAt() != null ? w.expiresAt().toEpochMilli()
          : w.exposedTo().toEpochMilli() + config.sessionLifetime().toMillis();
      if (after(w, t) && t <= until && newNetwork) {
        report(e, ctx, w, "user", ctx.severity(), true);
        return;
      }
    }
  }

  private Watchlist.@org.jspecify.annotations.Nullable Entry exposed(String sid) {
    sha256.reset();
    return watchlist.byDigest(sha256.digest(sid.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean after(Watchlist.Entry w, long t) {
    return t > w.exposedTo().toEpochMilli();
  }

  private void report(OktaEvent e, RuleContext ctx, Watchlist.Entry w, String matchedBy, Severity severity,
      boolean newNetwork) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("matched_by", matchedBy);
    evidence.put("kind", w.kind());
    Evidence.put(evidence, "name", w.name());
    Evidence.put(evidence, "har", w.har());
    Evidence.put(evidence, "tenant", w.tenant());
    evidence.put("exposed_from", w.exposedFrom().toString());
    evidence.put("exposed_to", w.exposedTo().toString());
    if (w.expiresAt() != null) {
      evidence.put("expires_at", w.expiresAt().toString());
    }
    evidence.put("fingerprint", w.sha256().substring(0, 12));
    evidence.put("new_network", newNetwork);
    evidence.put("source", Evidence.network(e, networks));
    String summary = "The " + w.kind() + (w.name() == null ? "" : " '" + w.name() + "'") + " of " + e.user()
        + " exposed in " + (w.har() == null ? "a HAR file" : w.har()) + " was used after exposure ("
        + e.eventType() + ") from " + Evidence.where(e) + (newNetwork ? ", a network the user never authenticated from."
            : ".");
    ctx.emit(Finding.of(e, severity, summary, List.of(e.uuid()), evidence));
  }
}
