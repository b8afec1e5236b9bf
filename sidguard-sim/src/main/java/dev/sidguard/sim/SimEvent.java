package dev.sidguard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * One simulated System Log event, rendered in the shape Okta writes (see the corpus samples):
 * key order uuid, published, eventType, version "0", severity, displayMessage, actor, client
 * (userAgent, zone "null", device, id, ipAddress, geographicalContext with geolocation), device,
 * authenticationContext (rootSessionId only for Identity Engine sessions), outcome, target,
 * transaction, debugContext.debugData (every value a string), legacyEventType, securityContext,
 * request.ipChain. Events hold references to shared strings; JSON is produced only when written,
 * so a day of events in the ordering queue stays small.
 */
final class SimEvent {
  final long time;
  final String uuid;
  final String type;
  final String message;
  final @Nullable String legacy;
  String severity = "INFO";
  String result = "SUCCESS";
  @Nullable String reason;
  // actor
  final String actorId;
  final String actorType;
  final String actorAlt;
  final String actorName;
  // client
  @Nullable String userAgent;
  @Nullable String os;
  @Nullable String browser;
  @Nullable String deviceType;
  @Nullable String clientId;
  final Net.Endpoint from;
  // authenticationContext
  @Nullable String session;
  @Nullable String rootSession;
  List<Target> targets = List.of();
  /** debugData as alternating key, value. */
  String[] debug = new String[0];
  final String requestId;

  /** One target[] element; detailEntry (alternating key, value: written in this order) when not null. */
  record Target(String id, String type, String alternateId, String displayName,
      String @Nullable [] detailEntry) {
    Target(String id, String type, String alternateId, String displayName) {
      this(id, type, alternateId, displayName, null);
    }
  }

  SimEvent(long time, String uuid, String type, String message, @Nullable String legacy, String actorId,
      String actorType, String actorAlt, String actorName, Net.Endpoint from, String requestId) {
    this.time = time;
    this.uuid = uuid;
    this.type = type;
    this.message = message;
    this.legacy = legacy;
    this.actorId = actorId;
    this.actorType = actorType;
    this.actorAlt = actorAlt;
    this.actorName = actorName;
    this.from = from;
    this.requestId = requestId;
  }

  SimEvent debug(String... keyValues) {
    this.debug = keyValues;
    return this;
  }

  SimEvent targets(Target... t) {
    this.targets = List.of(t);
    return this;
  }

  SimEvent failed(String why) {
    this.result = "FAILURE";
    this.reason = why;
    this.severity = "WARN";
    return this;
  }

  /** Writes the event as one JSON object (no newline). */
  void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", uuid);
    g.writeStringField("published", Instant.ofEpochMilli(time).toString());
    g.writeStringField("eventType", type);
    g.writeStringField("version", "0");
    g.writeStringField("severity", severity);
    g.writeStringField("displayMessage", message);

    g.writeObjectFieldStart("actor");
    g.writeStringField("id", actorId);
    g.writeStringField("type", actorType);
    g.writeStringField("alternateId", actorAlt);
    g.writeStringField("displayName", actorName);
    g.writeNullField("detailEntry");
    g.writeEndObject();

    g.writeObjectFieldStart("client");
    g.writeObjectFieldStart("userAgent");
    g.writeStringField("rawUserAgent", userAgent == null ? "UNKNOWN" : userAgent);
    g.writeStringField("os", os == null ? "Unknown" : os);
    g.writeStringField("browser", browser == null ? "UNKNOWN" : browser);
    g.writeEndObject();
    g.writeStringField("zone", "null");
    g.writeStringField("device", deviceType == null ? "Unknown" : deviceType);
    g.writeStringField("id", clientId);
    g.writeStringField("ipAddress", from.ip());
    geo(g, false);
    g.writeEndObject();

    g.writeNullField("device");

    g.writeObjectFieldStart("authenticationContext");
    g.writeNullField("authenticationProvider");
    g.writeNullField("credentialProvider");
    g.writeNullField("credentialType");
    g.writeNullField("issuer");
    g.writeNullField("interface");
    g.writeNumberField("authenticationStep", 0);
    if (rootSession != null) {
      g.writeStringField("rootSessionId", rootSession);
    }
    g.writeStringField("externalSessionId", session);
    g.writeEndObject();

    g.writeObjectFieldStart("outcome");
    g.writeStringField("result", result);
    g.writeStringField("reason", reason);
    g.writeEndObject();

    g.writeArrayFieldStart("target");
    for (Target t : targets) {
      g.writeStartObject();
      g.writeStringField("id", t.id());
      g.writeStringField("type", t.type());
      g.writeStringField("alternateId", t.alternateId());
      g.writeStringField("displayName", t.displayName());
      if (t.detailEntry() == null) {
        g.writeNullField("detailEntry");
      } else {
        g.writeObjectFieldStart("detailEntry");
        String[] d = t.detailEntry();
        for (int i = 0; i + 1 < d.length; i += 2) {
          g.writeStringField(d[i], d[i + 1]);
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();

    g.writeObjectFieldStart("transaction");
    g.writeStringField("type", "WEB");
    g.writeStringField("id", requestId);
    g.writeObjectFieldStart("detail");
    g.writeEndObject();
    g.writeEndObject();

    g.writeObjectFieldStart("debugContext");
    g.writeObjectFieldStart("debugData");
    g.writeStringField("requestId", requestId);
    for (int i = 0; i + 1 < debug.length; i += 2) {
      g.writeStringField(debug[i], debug[i + 1]);
    }
    g.writeEndObject();
    g.writeEndObject();

    g.writeStringField("legacyEventType", legacy);

    g.writeFieldName("securityContext");
    g.writeRawValue(securityContext(from.asn()));

    g.writeObjectFieldStart("request");
    g.writeArrayFieldStart("ipChain");
    g.writeStartObject();
    g.writeStringField("ip", from.ip());
    geo(g, true);
    g.writeStringField("version", from.v6() ? "V6" : "V4");
    g.writeNullField("source");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();

    g.writeEndObject();
  }

  private static final java.util.Map<Net.Asn, String> SECURITY_CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final String NO_SECURITY_CONTEXT =
      "{\"asNumber\":null,\"asOrg\":null,\"isp\":null,\"domain\":null,\"isProxy\":null}";

  /** securityContext depends only on the AS: rendered once per AS. */
  private static String securityContext(Net.@Nullable Asn a) {
    if (a == null) {
      return NO_SECURITY_CONTEXT;
    }
    return SECURITY_CONTEXTS.computeIfAbsent(a, SimEvent::render);
  }

  private static String render(Net.Asn a) {
    com.fasterxml.jackson.databind.node.ObjectNode o = Labels.JSON.createObjectNode();
    o.put("asNumber", a.number());
    o.put("asOrg", a.org());
    o.put("isp", a.isp());
    o.put("domain", a.domain());
    if (a.proxy() == null) {
      o.putNull("isProxy");
    } else {
      o.put("isProxy", a.proxy());
    }
    return o.toString();
  }

  private void geo(JsonGenerator g, boolean numericPostal) throws IOException {
    Net.Place p = from.place();
    g.writeObjectFieldStart("geographicalContext");
    g.writeStringField("city", p.city());
    g.writeStringField("state", p.state());
    g.writeStringField("country", p.country());
    // ipChain carries US ZIP codes as JSON numbers, as in the corpus samples.
    if (numericPostal && isDigits(p.postalCode())) {
      g.writeNumberField("postalCode", Integer.parseInt(p.postalCode()));
    } else {
      g.writeStringField("postalCode", p.postalCode());
    }
    g.writeObjectFieldStart("geolocation");
    g.writeNumberField("lat", from.lat());
    g.writeNumberField("lon", from.lon());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
