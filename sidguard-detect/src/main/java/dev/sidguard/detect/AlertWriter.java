package dev.sidguard.detect;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders alerts as one JSON line each, in sidguard's schema or as OCSF Detection Findings.
 */
public final class AlertWriter {
  /*
   * OCSF mapping (schema 1.3.0, Detection Finding, class_uid 2004, category_uid 2): activity
   * Create (1), or Update (2) for an escalation of an earlier alert; severity_id Low 2, Medium 3,
   * High 4, Critical 5; finding_info{uid = alert id, title = rule title, desc = summary, types =
   * [rule id], analytic{uid, name, type_id 1 Rule}, related_events = evidence uuids}; time in
   * epoch ms; actor.user and actor.session from the alert; evidences[0].data = our evidence;
   * observables for the user, the session and any IP in the evidence; attacks from the rule's
   * ATT&CK ids; the escalated alert id under unmapped.escalates.
   */
  private static final String OCSF_VERSION = "1.3.0";
  private final AlertFormat format;
  private final Map<String, RuleInfo> rules = new HashMap<>();
  private final String productVersion;

  /**
   * @param rules metadata of the rules that may raise alerts (titles for OCSF)
   * @param productVersion sidguard's version, for OCSF metadata.product.version
   */
  public AlertWriter(AlertFormat format, List<RuleInfo> rules, String productVersion) {
    this.format = format;
    rules.forEach(r -> this.rules.put(r.id(), r));
    this.productVersion = productVersion;
  }

  /** The alert as one line of UTF-8 JSON, newline included. */
  public byte[] line(Alert a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = EventReader.JSON.createGenerator(out)) {
      g.setCodec(Engine.MAPPER);
      if (format == AlertFormat.OCSF) {
        ocsf(g, a);
      } else {
        jsonl(g, a);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void jsonl(JsonGenerator g, Alert a) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", a.id());
    g.writeStringField("rule", a.rule());
    g.writeStringField("severity", a.severity().label());
    g.writeStringField("time", a.time().toString());
    g.writeStringField("user", a.user());
    g.writeStringField("session", a.session());
    g.writeStringField("summary", a.summary());
    g.writeObjectField("events", a.events());
    g.writeObjectField("evidence", a.evidence());
    g.writeObjectField("attack", a.attack());
    if (a.escalates() != null) {
      g.writeStringField("escalates", a.escalates());
    }
    g.writeEndObject();
  }

  private void ocsf(JsonGenerator g, Alert a) throws IOException {
    int activity = a.escalates() == null ? 1 : 2;
    RuleInfo info = rules.get(a.rule());
    g.writeStartObject();
    g.writeNumberField("class_uid", 2004);
    g.writeStringField("class_name", "Detection Finding");
    g.writeNumberField("category_uid", 2);
    g.writeStringField("category_name", "Findings");
    g.writeNumberField("activity_id", activity);
    g.writeStringField("activity_name", activity == 1 ? "Create" : "Update");
    g.writeNumberField("type_uid", 2004 * 100 + activity);
    g.writeStringField("type_name", "Detection Finding: " + (activity == 1 ? "Create" : "Update"));
    g.writeNumberField("severity_id", a.severity().ordinal() + 2);
    g.writeStringField("severity", capitalize(a.severity().label()));
    g.writeNumberField("status_id", 1);
    g.writeStringField("status", "New");
    g.writeNumberField("time", a.time().toEpochMilli());
    g.writeStringField("message", a.summary());

    g.writeObjectFieldStart("metadata");
    g.writeStringField("version", OCSF_VERSION);
    g.writeStringField("uid", a.id());
    g.writeObjectFieldStart("product");
    g.writeStringField("name", "sidguard");
    g.writeStringField("vendor_name", "sidguard");
    g.writeStringField("version", productVersion);
    g.writeEndObject();
    g.writeEndObject();

    g.writeObjectFieldStart("finding_info");
    g.writeStringField("uid", a.id());
    g.writeStringField("title", info == null ? a.rule() : info.title());
    g.writeStringField("desc", a.summary());
    g.writeArrayFieldStart("types");
    g.writeString(a.rule());
    g.writeEndArray();
    g.writeObjectFieldStart("analytic");
    g.writeStringField("uid", a.rule());
    g.writeStringField("name", a.rule());
    g.writeNumberField("type_id", 1);
    g.writeStringField("type", "Rule");
    g.writeEndObject();
    g.writeArrayFieldStart("related_events");
    for (String uuid : a.events()) {
      g.writeStartObject();
      g.writeStringField("uid", uuid);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();

    g.writeObjectFieldStart("actor");
    if (a.user() != null) {
      g.writeObjectFieldStart("user");
      g.writeStringField("name", a.user());
      g.writeEndObject();
    }
    if (a.session() != null) {
      g.writeObjectFieldStart("session");
      g.writeStringField("uid", a.session());
      g.writeEndObject();
    }
    g.writeEndObject();

    g.writeArrayFieldStart("evidences");
    g.writeStartObject();
    g.writeObjectField("data", a.evidence());
    g.writeEndObject();
    g.writeEndArray();

    g.writeArrayFieldStart("observables");
    if (a.user() != null) {
      observable(g, "actor.user.name", 4, "User Name", a.user());
    }
    for (String ip : ips(a.evidence())) {
      observable(g, "evidences.data.ip", 2, "IP Address", ip);
    }
    g.writeEndArray();

    g.writeArrayFieldStart("attacks");
    for (String id : a.attack()) {
      Attack.Technique t = Attack.TECHNIQUES.get(id);
      List<Attack.Tactic> tactics = t == null ? List.of() : t.tactics();
      g.writeStartObject();
      g.writeStringField("version", "15.1");
      g.writeObjectFieldStart("technique");
      g.writeStringField("uid", id);
      if (t != null) {
        g.writeStringField("name", t.name());
      }
      g.writeEndObject();
      if (!tactics.isEmpty()) {
        g.writeObjectFieldStart("tactic");
        g.writeStringField("uid", tactics.get(0).uid());
        g.writeStringField("name", tactics.get(0).name());
        g.writeEndObject();
        g.writeArrayFieldStart("tactics");
        for (Attack.Tactic tactic : tactics) {
          g.writeStartObject();
          g.writeStringField("uid", tactic.uid());
          g.writeStringField("name", tactic.name());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();

    if (a.escalates() != null) {
      g.writeObjectFieldStart("unmapped");
      g.writeStringField("escalates", a.escalates());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void observable(JsonGenerator g, String name, int typeId, String type, String value)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeNumberField("type_id", typeId);
    g.writeStringField("type", type);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  /** Every "ip" value anywhere in the evidence, first occurrence order. */
  private static List<String> ips(Map<String, Object> evidence) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    collect(evidence, out);
    return List.copyOf(out);
  }

  private static void collect(Object node, java.util.Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if ("ip".equals(e.getKey()) && e.getValue() instanceof String s) {
          out.add(s);
        } else {
          collect(e.getValue(), out);
        }
      }
    } else if (node instanceof List<?> l) {
      l.forEach(x -> collect(x, out));
    }
  }

  private static String capitalize(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
