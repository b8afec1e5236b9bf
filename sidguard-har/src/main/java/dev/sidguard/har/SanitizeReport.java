package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one sanitize call replaced: counts by marker kind and by location class (such as
 * {@code request.headers} or {@code response.content.text}), never any value.
 *
 * @param entries HAR entries processed
 * @param redactions values replaced in total
 * @param byKind replacements per marker kind, sorted by kind
 * @param byLocation replacements per location class, sorted by location
 */
public record SanitizeReport(long entries, long redactions, Map<String, Long> byKind,
    Map<String, Long> byLocation) {

  /** Copies the maps into unmodifiable, sorted maps. */
  public SanitizeReport {
    byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
    byLocation = Collections.unmodifiableMap(new TreeMap<>(byLocation));
  }

  /** Pretty-printed JSON of the counts, for {@code --report}. */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = HarJson.FACTORY.createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("entries", entries);
      g.writeNumberField("redactions", redactions);
      writeCounts(g, "byKind", byKind);
      writeCounts(g, "byLocation", byLocation);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString() + System.lineSeparator();
  }

  private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** One short line, e.g. {@code 12 entries, 41 values redacted (cookie 30, jwt-signature 7, bearer-token 4)}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(entries).append(entries == 1 ? " entry, " : " entries, ");
    if (redactions == 0) {
      return sb.append("no values redacted").toString();
    }
    sb.append(redactions).append(redactions == 1 ? " value redacted (" : " values redacted (");
    List<Map.Entry<String, Long>> kinds = new ArrayList<>(byKind.entrySet());
    kinds.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    for (int i = 0; i < kinds.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(kinds.get(i).getKey()).append(' ').append(kinds.get(i).getValue());
    }
    return sb.append(')').toString();
  }
}
