package dev.sidguard.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sidguard.detect.DetectException;
import dev.sidguard.detect.EventParser;
import dev.sidguard.detect.OktaEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.jspecify.annotations.Nullable;

/*
 * Parses each event (detect's own parser, so the fields are read exactly as the embedded engine
 * reads them), finds its tenant and partition, and forwards the raw JSON with its event time.
 *
 * Partition: the actor (actor.id, or the actor's login when Okta gave no id). Every state key a
 * rule or the core touches for an event is the event's user (derived from the actor) or its
 * session (which belongs to one actor), so one actor's partition holds all of them. Events with
 * no actor at all go to the tenant's "" partition. Malformed and untimed events are counted (the
 * embedded engine skips them too) and dropped; their content is never logged.
 */
final class RouteEvents extends ProcessFunction<TenantEvent, KeyedEvent> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();
  private final @Nullable List<String> tenantPath;
  private transient @Nullable EventParser parser;
  private transient @Nullable Counter malformed;
  private transient @Nullable Counter untimed;

  RouteEvents(@Nullable String tenantField) {
    this.tenantPath = tenantField == null || tenantField.isBlank() ? null : List.of(tenantField.split("\\."));
  }

  @Override
  public void open(OpenContext context) {
    parser = new EventParser();
    malformed = getRuntimeContext().getMetricGroup().counter("malformedEvents");
    untimed = getRuntimeContext().getMetricGroup().counter("untimedEvents");
  }

  @Override
  public void processElement(TenantEvent in, Context ctx, Collector<KeyedEvent> out) {
    byte[] bytes = in.json().getBytes(StandardCharsets.UTF_8);
    OktaEvent e;
    try {
      e = parser().parse(bytes, "event");
    } catch (DetectException ex) {
      count(malformed);
      return;
    }
    if (!e.hasTime()) {
      count(untimed);
      return;
    }
    String tenant = tenantPath == null ? in.tenant() : tenantOf(bytes, tenantPath);
    // NUL separates tenant from actor in the partition key
    out.collect(new KeyedEvent(tenant.replace('\u0000', '\uFFFD'), actor(e), e.publishedMillis(), in.json()));
  }

  /** The partition of an event within its tenant: actor.id, else the actor's login, else "". */
  static String actor(OktaEvent e) {
    String id = e.actor().id();
    if (id != null) {
      return id;
    }
    String user = e.user();
    return user == null ? "" : user;
  }

  /** The string at {@code path} (object keys) in {@code json}, or "" when absent or not a scalar. */
  static String tenantOf(byte[] json, List<String> path) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      int depth = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!name.equals(path.get(depth))) {
          p.skipChildren();
          continue;
        }
        if (depth == path.size() - 1) {
          return v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getText() : "";
        }
        if (v != JsonToken.START_OBJECT) {
          return "";
        }
        depth++;
      }
      return "";
    } catch (IOException ex) {
      return "";
    }
  }

  private EventParser parser() {
    EventParser p = parser;
    if (p == null) {
      throw new IllegalStateException("not opened");
    }
    return p;
  }

  private static void count(@Nullable Counter c) {
    if (c != null) {
      c.inc();
    }
  }
}
