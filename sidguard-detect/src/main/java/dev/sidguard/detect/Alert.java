package dev.sidguard.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One alert as written to the output (PRODUCT.md schema): deterministic id, rule, severity, time of
 * the triggering event, user, session, summary, evidence event uuids, evidence, ATT&amp;CK ids, and
 * {@code escalates} (the id of the earlier alert this one escalates) when it is an escalation.
 */
@JsonPropertyOrder({"id", "rule", "severity", "time", "user", "session", "summary", "events", "evidence", "attack", "escalates"})
public record Alert(
    String id,
    String rule,
    Severity severity,
    Instant time,
    @Nullable String user,
    @Nullable String session,
    String summary,
    List<String> events,
    Map<String, Object> evidence,
    List<String> attack,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String escalates) {

  public Alert {
    events = List.copyOf(events);
    attack = List.copyOf(attack);
  }
}
