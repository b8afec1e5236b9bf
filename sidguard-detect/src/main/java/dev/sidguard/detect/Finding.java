package dev.sidguard.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a rule reports: the engine turns it into an {@link Alert}, one per rule and incident key
 * (the session, or the user when there is no session).
 *
 * @param events uuids of the evidence events, the triggering one last
 * @param evidence what explains the finding (IPs, ASNs, countries, user agents, distances…); no secrets
 * @param escalates id of an earlier alert this one raises the stakes of, or null
 */
public record Finding(
    Severity severity,
    @Nullable String user,
    @Nullable String session,
    String summary,
    List<String> events,
    Map<String, Object> evidence,
    @Nullable String escalates) {

  public Finding {
    events = List.copyOf(events);
    evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  /** A finding about {@code event}'s user and session. */
  public static Finding of(OktaEvent event, Severity severity, String summary, List<String> events,
      Map<String, Object> evidence) {
    return new Finding(severity, event.user(), event.sessionId(), summary, events, evidence, null);
  }

  public Finding escalating(String alertId) {
    return new Finding(severity, user, session, summary, events, evidence, alertId);
  }
}
