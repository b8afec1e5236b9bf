package dev.sidguard.har;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/*
 * Chooses how to read a body by its MIME type and first character: JSON (streamed, key-aware), multipart
 * form data (part names are field names), anything else as free text (form-encoded, HTML, scripts, XML).
 * A JSON-looking body that does not parse falls back to free text, so a truncated body is still searched.
 * Base64 bodies are decoded first when the MIME type is not a known binary type and the bytes are valid
 * UTF-8 text without NUL; images, fonts, audio, video, archives are left alone.
 */
final class BodyScanner {

  private final NameRules.Matcher names;
  private final TextScanner text;
  private final JsonBodyScanner json;
  private final SecretSink sink;

  BodyScanner(NameRules.Matcher names, TextScanner text, JsonBodyScanner json, SecretSink sink) {
    this.names = names;
    this.text = text;
    this.json = json;
    this.sink = sink;
  }

  String scan(String body, String mimeType, Loc loc) {
    if (body.isEmpty()) {
      return body;
    }
    String mime = mimeType.toLowerCase(Locale.ROOT);
    if (mime.contains("json") || looksLikeJson(body) && !mime.contains("html")) {
      String out = json.scan(body, loc);
      if (out != null) {
        return out;
      }
    }
    if (mime.contains("multipart/")) {
      String out = multipart(body, mimeType, loc);
      if (out != null) {
        return out;
      }
    }
    return text.scan(body, loc);
  }

  /** The decoded text of a base64 body when it is text, else null. */
  static @Nullable String decodeText(String base64, String mimeType) {
    String mime = mimeType.toLowerCase(Locale.ROOT);
    if (isBinaryMime(mime)) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
    for (byte b : raw) {
      if (b == 0) {
        return null;
      }
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isBinaryMime(String mime) {
    return mime.startsWith("image/") && !mime.contains("svg") || mime.startsWith("font/")
        || mime.startsWith("audio/") || mime.startsWith("video/") || mime.contains("octet-stream")
        || mime.contains("wasm") || mime.contains("zip") || mime.contains("pdf") || mime.contains("woff")
        || mime.contains("protobuf") || mime.contains("x-font");
  }

  private static boolean looksLikeJson(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{' || c == '[') {
        return true;
      }
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\uFEFF') {
        return false;
      }
    }
    return false;
  }

  private @Nullable String multipart(String body, String mime, Loc loc) {
    String boundary = boundary(mime);
    if (boundary == null) {
      if (!body.startsWith("--")) {
        return null;
      }
      int eol = body.indexOf('\n');
      if (eol < 0) {
        return null;
      }
      boundary = body.substring(2, eol).trim();
      if (boundary.isEmpty()) {
        return null;
      }
    }
    String delim = "--" + boundary;
    Edits all = new Edits();
    Edits found = text.find(body);
    if (found != null) {
      all.addAll(found);
    }
    int pos = body.indexOf(delim);
    while (pos >= 0) {
      int partStart = pos + delim.length();
      if (body.startsWith("--", partStart)) {
        break;
      }
      int next = body.indexOf(delim, partStart);
      int partEnd = next < 0 ? body.length() : next;
      int blank = body.indexOf("\r\n\r\n", partStart);
      int bodyStart = blank + 4;
      if (blank < 0 || blank > partEnd) {
        blank = body.indexOf("\n\n", partStart);
        bodyStart = blank + 2;
      }
      if (blank >= 0 && blank <= partEnd) {
        String name = partName(body, partStart, blank);
        int bodyEnd = partEnd;
        if (bodyEnd >= 2 && body.startsWith("\r\n", bodyEnd - 2)) {
          bodyEnd -= 2;
        } else if (bodyEnd >= 1 && body.charAt(bodyEnd - 1) == '\n') {
          bodyEnd -= 1;
        }
        String kind = name == null ? null : names.kindFor(name, body.subSequence(bodyStart, Math.max(bodyStart, bodyEnd)));
        if (kind != null && bodyEnd > bodyStart) {
          all.add(bodyStart, bodyEnd, kind, "[" + name + "]");
        }
      }
      pos = next;
    }
    return all.apply(body, loc, sink);
  }

  private static @Nullable String boundary(String mime) {
    int i = mime.toLowerCase(Locale.ROOT).indexOf("boundary=");
    if (i < 0) {
      return null;
    }
    int end = mime.indexOf(';', i);
    String b = mime.substring(i + 9, end < 0 ? mime.length() : end).trim();
    if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
      b = b.substring(1, b.length() - 1);
    }
    return b.isEmpty() ? null : b;
  }

  private static @Nullable String partName(String body, int from, int to) {
    int i = from;
    while ((i = body.indexOf("name=", i)) >= 0 && i < to) {
      boolean fileName = i > 0 && Character.isLetter(body.charAt(i - 1));
      int vs = i + 5;
      if (!fileName && vs < to) {
        if (body.charAt(vs) == '"') {
          int ve = body.indexOf('"', vs + 1);
          return ve < 0 || ve > to ? null : body.substring(vs + 1, ve);
        }
        int ve = vs;
        while (ve < to && body.charAt(ve) != ';' && body.charAt(ve) > ' ') {
          ve++;
        }
        return body.substring(vs, ve);
      }
      i = vs;
    }
    return null;
  }
}
