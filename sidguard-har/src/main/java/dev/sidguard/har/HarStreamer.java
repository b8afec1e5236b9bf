package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/*
 * Drives one pass over a HAR: Jackson's streaming parser in, streaming generator out. The top-level
 * object and the log object are walked token by token; each element of log.entries (and of log.pages) is
 * read as a small tree, walked, written and dropped, so memory is bounded by the largest single entry,
 * never by the file. Other members (creator, browser, comment, unknown root members) are small: they are
 * read as trees and walked generically too, so a token in an odd place is still found. The parser reads
 * through a RawInput, so long strings the walker leaves unchanged are written by copying their input bytes.
 *
 * Every failure becomes one HarException with the source name, line and column, and the HAR path being
 * read ("log.entries[12]"). Jackson's own messages are not reused because some quote input characters.
 * With a null output the same pass only reads (for a scanner).
 */
final class HarStreamer {

  private final JsonParser p;
  private final @Nullable JsonGenerator g;
  private final String source;
  private final EntryWalker walker;
  private final @Nullable RawInput raw;
  private String where = "";
  private long entries;

  private HarStreamer(JsonParser p, @Nullable JsonGenerator g, String source, EntryWalker walker,
      @Nullable RawInput raw) {
    this.p = p;
    this.g = g;
    this.source = source;
    this.walker = walker;
    this.raw = raw;
  }

  /** Streams in to out (or only reads when out is null); returns the number of entries. */
  static long run(InputStream in, @Nullable OutputStream out, String source, EntryWalker walker)
      throws IOException {
    RawInput raw = out == null ? null : new RawInput(in);
    try (JsonParser p = HarJson.FACTORY.createParser(raw == null ? in : raw)) {
      JsonGenerator g = out == null ? null : HarJson.FACTORY.createGenerator(out, JsonEncoding.UTF8);
      if (raw != null && p.currentLocation().getByteOffset() < 0) {
        raw.stop();
        raw = null;
      }
      HarStreamer s = new HarStreamer(p, g, source, walker, raw);
      try {
        s.root();
      } catch (JsonProcessingException e) {
        throw s.parseError(e);
      } catch (CharConversionException e) {
        throw s.error(p.currentLocation(), "invalid character encoding (expected UTF-8)");
      }
      if (g != null) {
        g.close();
      }
      return s.entries;
    }
  }

  private void root() throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw error(p.currentLocation(), "empty input, expected a HAR (a JSON object with log.entries)");
    }
    if (t != JsonToken.START_OBJECT) {
      throw error(p.currentTokenLocation(), "not a HAR: the top-level JSON value is not an object");
    }
    if (g != null) {
      g.writeStartObject();
    }
    boolean sawLog = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (g != null) {
        g.writeFieldName(name);
      }
      if (name.equals("log") && !sawLog) {
        where = "log";
        if (t != JsonToken.START_OBJECT) {
          throw error(p.currentTokenLocation(), "not a HAR: log is not an object");
        }
        log();
        sawLog = true;
        where = "";
      } else {
        generic(Loc.root(name), name);
        where = "";
      }
    }
    if (!sawLog) {
      throw error(p.currentLocation(), "not a HAR: there is no log object");
    }
    if (g != null) {
      g.writeEndObject();
    }
    if (p.nextToken() != null) {
      throw error(p.currentTokenLocation(), "unexpected content after the end of the HAR");
    }
  }

  private void log() throws IOException {
    if (g != null) {
      g.writeStartObject();
    }
    boolean sawEntries = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (g != null) {
        g.writeFieldName(name);
      }
      if (name.equals("entries") && !sawEntries) {
        where = "log.entries";
        if (t != JsonToken.START_ARRAY) {
          throw error(p.currentTokenLocation(), "not a HAR: log.entries is not an array");
        }
        entries();
        sawEntries = true;
      } else if (name.equals("pages") && t == JsonToken.START_ARRAY) {
        pages();
      } else {
        where = "log." + name;
        generic(Loc.root(name), where);
      }
      where = "log";
    }
    if (!sawEntries) {
      throw error(p.currentLocation(), "not a HAR: log has no entries array");
    }
    if (g != null) {
      g.writeEndObject();
    }
  }

  private void entries() throws IOException {
    if (g != null) {
      g.writeStartArray();
    }
    JsonToken t;
    for (long i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
      where = "log.entries[" + i + "]";
      JsonLocation at = p.currentTokenLocation();
      if (t != JsonToken.START_OBJECT) {
        throw error(at, "expected an entry object, found " + tokenName(t));
      }
      ObjectNode entry = (ObjectNode) read(at);
      try {
        walker.walkEntry(i, entry);
      } catch (EntryWalker.ShapeError e) {
        throw new HarException(source, at.getLineNr(), at.getColumnNr(), e.getMessage(), where + "." + e.path);
      }
      if (g != null) {
        HarJson.writeTree(g, entry, raw);
      }
      entries++;
    }
    if (g != null) {
      g.writeEndArray();
    }
  }

  private void pages() throws IOException {
    if (g != null) {
      g.writeStartArray();
    }
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      where = "log.pages[" + i + "]";
      generic(Loc.root("pages").index(i), where);
    }
    if (g != null) {
      g.writeEndArray();
    }
  }

  private void generic(Loc loc, String path) throws IOException {
    where = path;
    JsonNode node = read(p.currentTokenLocation());
    walker.enterOther();
    JsonNode out = walker.walkGeneric(node, loc, null);
    if (g != null) {
      HarJson.writeTree(g, out, raw);
    }
  }

  /** Reads the member starting at the current token, whose first byte is at. */
  private JsonNode read(JsonLocation at) throws IOException {
    if (raw == null) {
      return HarJson.readTree(p, false);
    }
    raw.restartAt(at.getByteOffset());
    return HarJson.readTree(p, true);
  }

  private static String tokenName(@Nullable JsonToken t) {
    if (t == null) {
      return "the end of input";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name().toLowerCase(java.util.Locale.ROOT) : t.asString();
    };
  }

  private HarException error(@Nullable JsonLocation at, String what) {
    long line = at == null ? 0 : Math.max(0, at.getLineNr());
    long col = at == null ? 0 : Math.max(0, at.getColumnNr());
    return new HarException(source, line, col, what, where);
  }

  private HarException parseError(JsonProcessingException e) {
    JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
    String msg = String.valueOf(e.getOriginalMessage());
    String what;
    if (e instanceof StreamConstraintsException) {
      if (msg.contains("nesting depth")) {
        what = "JSON nested deeper than " + HarJson.MAX_DEPTH + " levels";
      } else if (msg.contains("String value length")) {
        what = "a string value is longer than " + HarJson.MAX_STRING + " characters";
      } else if (msg.contains("Number value length")) {
        what = "a number has too many digits";
      } else if (msg.contains("Name length")) {
        what = "a member name is too long";
      } else {
        what = "the input exceeds a parser limit";
      }
    } else if (e instanceof JsonEOFException) {
      what = "unexpected end of input, file truncated?";
    } else if (msg.contains("Invalid UTF-8") || msg.contains("Invalid UTF")) {
      what = "invalid UTF-8 byte sequence";
    } else if (msg.startsWith("Unexpected character")) {
      what = "not valid JSON (unexpected character)";
    } else if (msg.startsWith("Unrecognized token")) {
      what = "not valid JSON (unrecognized token)";
    } else if (msg.startsWith("Illegal unquoted character")) {
      what = "not valid JSON (control character inside a string)";
    } else if (msg.startsWith("Unexpected end-of-input")) {
      what = "unexpected end of input, file truncated?";
    } else {
      what = "not valid JSON";
    }
    return error(at, what);
  }
}
