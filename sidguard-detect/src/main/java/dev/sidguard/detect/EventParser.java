package dev.sidguard.detect;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;

/**
 * Parses one Okta System Log event from its own JSON text (a Kafka record, one NDJSON line) exactly
 * as {@link EventReader} parses each line of a file; not thread-safe (one per thread or operator).
 */
public final class EventParser {
  private final OktaFieldMap.Context fields = new OktaFieldMap.Context();

  /**
   * Parses {@code json}, a single event object.
   *
   * @throws DetectException naming {@code source} and the column of the fault (never the content)
   *     when it is not exactly one JSON object
   */
  public OktaEvent parse(byte[] json, String source) {
    try (JsonParser p = EventReader.JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DetectException(source + ": not a JSON object");
      }
      OktaEvent e = OktaFieldMap.read(p, fields);
      if (p.nextToken() != null) {
        throw new DetectException(source + ": trailing data after the JSON object");
      }
      return e;
    } catch (JsonEOFException ex) {
      throw new DetectException(source + ": truncated JSON");
    } catch (JsonParseException ex) {
      throw new DetectException(source + ": invalid JSON at column " + ex.getLocation().getColumnNr());
    } catch (IOException ex) {
      throw new DetectException(source + ": unreadable event");
    }
  }
}
