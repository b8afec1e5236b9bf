package dev.sidguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/*
 * One Event Hook delivery: {"eventType":"com.okta.event_hook", ..., "data":{"events":[LogEvent, ...]}}.
 * A token scan (nothing materialised) checks the whole body is one well-formed JSON object and
 * finds the byte range of data.events; that slice, a JSON array, then goes through detect's own
 * EventReader, so hook events are read exactly as `detect` reads an exported array. Reasons name
 * a position only, never content.
 */
final class HookPayload {
  private static final JsonFactory JSON = new JsonFactory();

  /** A delivery that cannot be used; the message is a one-line reason for the 400 response. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** The events of a delivery and the number of array elements that were not events. */
  record Batch(List<OktaEvent> events, long malformed) {}

  private HookPayload() {}

  static Batch parse(byte[] body) throws Invalid {
    int start = -1;
    int end = -1;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Invalid("the body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("data".equals(name) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            JsonToken v = p.nextToken();
            if ("events".equals(inner) && v == JsonToken.START_ARRAY) {
              start = (int) p.currentTokenLocation().getByteOffset();
              p.skipChildren();
              end = (int) p.currentLocation().getByteOffset();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new Invalid("data after the JSON object at " + where(p.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new Invalid("malformed JSON" + (at == null ? "" : " at " + where(at)));
    } catch (IOException e) {
      throw new Invalid("unreadable body");
    }
    if (start < 0) {
      throw new Invalid("no data.events array");
    }
    List<OktaEvent> events = new ArrayList<>();
    EventReader reader = EventReader.open(new ByteArrayInputStream(body, start, end - start), "delivery");
    try {
      for (OktaEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
      return new Batch(events, reader.malformedCount());
    } finally {
      reader.close();
    }
  }

  private static String where(JsonLocation at) {
    return "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }
}
