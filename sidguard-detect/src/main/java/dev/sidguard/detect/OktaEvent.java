package dev.sidguard.detect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One Okta System Log event, reduced to the fields sidguard's detections use.
 *
 * <p>Built only by {@link OktaFieldMap}, the single place that knows the JSON paths. Absent
 * values are null; {@code "unknown"} session ids and {@code "null"} zones are already null here;
 * {@code asNumber} is 0 when unknown; {@code lat}/{@code lon} are NaN when unknown; {@code
 * publishedMillis} is {@link #NO_TIME} when the event has no parseable {@code published}.
 */
public record OktaEvent(
    String uuid,
    long publishedMillis,
    String eventType,
    @Nullable String outcome,
    @Nullable String outcomeReason,
    Actor actor,
    @Nullable String sessionId,
    @Nullable String rootSessionId,
    Client client,
    Security security,
    Map<String, String> debugData,
    List<Target> targets) {

  /** {@link #publishedMillis()} of an event without a parseable timestamp. */
  public static final long NO_TIME = Long.MIN_VALUE;

  public OktaEvent {
    debugData = debugData instanceof OktaFieldMap.DebugData ? debugData : Map.copyOf(debugData);
    targets = List.copyOf(targets);
  }

  /** The event time; only call when {@link #hasTime()}. */
  public Instant published() {
    return Instant.ofEpochMilli(publishedMillis);
  }

  public boolean hasTime() {
    return publishedMillis != NO_TIME;
  }

  /** True when {@code outcome.result} is SUCCESS or ALLOW, or absent (admin events often omit it). */
  public boolean succeeded() {
    return outcome == null || "SUCCESS".equalsIgnoreCase(outcome) || "ALLOW".equalsIgnoreCase(outcome);
  }

  /** {@code debugContext.debugData.dtHash}: Okta's device-token hash, or null. */
  public @Nullable String dtHash() {
    return debugData instanceof OktaFieldMap.DebugData d ? d.value(OktaFieldMap.DebugData.DT_HASH_INDEX)
        : debugData.get(OktaFieldMap.DT_HASH);
  }

  /** {@code debugContext.debugData.requestUri}, or null. */
  public @Nullable String requestUri() {
    return debugData instanceof OktaFieldMap.DebugData d ? d.value(OktaFieldMap.DebugData.REQUEST_URI_INDEX)
        : debugData.get(OktaFieldMap.REQUEST_URI);
  }

  /** The actor's login ({@code alternateId}), falling back to its id. */
  public @Nullable String user() {
    return actor.alternateId() != null && !"unknown".equals(actor.alternateId()) ? actor.alternateId() : actor.id();
  }

  /** {@code actor}: who acted. */
  public record Actor(
      @Nullable String id, @Nullable String type, @Nullable String alternateId, @Nullable String displayName) {}

  /** {@code client}: where the request came from. */
  public record Client(
      @Nullable String ip,
      @Nullable String id,
      @Nullable String zone,
      @Nullable String device,
      @Nullable String userAgent,
      @Nullable String browser,
      @Nullable String os,
      @Nullable String city,
      @Nullable String state,
      @Nullable String country,
      @Nullable String postalCode,
      double lat,
      double lon) {

    public boolean hasLocation() {
      return !Double.isNaN(lat) && !Double.isNaN(lon);
    }
  }

  /** {@code securityContext}: the network the client came from. */
  public record Security(
      long asNumber, @Nullable String asOrg, @Nullable String isp, @Nullable String domain, @Nullable Boolean proxy) {}

  /** One element of {@code target[]}. */
  public record Target(
      @Nullable String id, @Nullable String type, @Nullable String alternateId, @Nullable String displayName) {}
}
