package dev.sidguard.har;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds small HARs for tests and runs the sanitizer on them. */
final class Hars {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The output of one sanitize call. */
  record Result(String text, JsonNode har, SanitizeReport report) {
    JsonNode entry(int i) {
      return har.path("log").path("entries").path(i);
    }

    JsonNode request() {
      return entry(0).path("request");
    }

    JsonNode response() {
      return entry(0).path("response");
    }

    String requestHeader(String name) {
      return header(request(), name);
    }

    String responseHeader(String name) {
      return header(response(), name);
    }

    private static String header(JsonNode msg, String name) {
      for (JsonNode h : msg.path("headers")) {
        if (h.path("name").asText().equals(name)) {
          return h.path("value").asText();
        }
      }
      throw new AssertionError("no header " + name);
    }

    String param(String array, String name) {
      JsonNode list = array.equals("queryString") ? request().path("queryString")
          : request().path("postData").path("params");
      for (JsonNode p : list) {
        if (p.path("name").asText().equals(name)) {
          return p.path("value").asText();
        }
      }
      throw new AssertionError("no param " + name);
    }
  }

  private Hars() {}

  static ObjectNode request(String method, String url) {
    ObjectNode r = JSON.createObjectNode();
    r.put("method", method);
    r.put("url", url);
    r.put("httpVersion", "HTTP/1.1");
    r.putArray("headers");
    r.putArray("cookies");
    r.putArray("queryString");
    r.put("headersSize", 300);
    r.put("bodySize", 0);
    return r;
  }

  static ObjectNode response(int status) {
    ObjectNode r = JSON.createObjectNode();
    r.put("status", status);
    r.put("statusText", "OK");
    r.put("httpVersion", "HTTP/1.1");
    r.putArray("headers");
    r.putArray("cookies");
    ObjectNode c = r.putObject("content");
    c.put("size", 0);
    c.put("mimeType", "text/plain");
    r.put("redirectURL", "");
    r.put("headersSize", 200);
    r.put("bodySize", 0);
    return r;
  }

  static ObjectNode header(ObjectNode msg, String name, String value) {
    ((ArrayNode) msg.get("headers")).addObject().put("name", name).put("value", value);
    return msg;
  }

  static ObjectNode cookie(ObjectNode msg, String name, String value) {
    ((ArrayNode) msg.get("cookies")).addObject().put("name", name).put("value", value).put("path", "/")
        .put("httpOnly", true);
    return msg;
  }

  static ObjectNode query(ObjectNode req, String name, String value) {
    ((ArrayNode) req.get("queryString")).addObject().put("name", name).put("value", value);
    return req;
  }

  static ObjectNode postText(ObjectNode req, String mime, String text) {
    req.putObject("postData").put("mimeType", mime).put("text", text);
    req.put("bodySize", text.getBytes(StandardCharsets.UTF_8).length);
    return req;
  }

  static ObjectNode body(ObjectNode resp, String mime, String text) {
    ObjectNode c = (ObjectNode) resp.get("content");
    c.remove("encoding");
    c.put("mimeType", mime).put("text", text).put("size", text.getBytes(StandardCharsets.UTF_8).length);
    resp.put("bodySize", text.length());
    return resp;
  }

  static ObjectNode entry(ObjectNode request, ObjectNode response) {
    ObjectNode e = JSON.createObjectNode();
    e.put("startedDateTime", "2023-10-02T10:00:00.000Z");
    e.put("time", 12.5);
    e.set("request", request);
    e.set("response", response);
    e.putObject("cache");
    e.putObject("timings").put("send", 0.1).put("wait", 10.2).put("receive", 2.2);
    return e;
  }

  static ObjectNode har(ObjectNode... entries) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode log = root.putObject("log");
    log.put("version", "1.2");
    log.putObject("creator").put("name", "test").put("version", "1");
    ArrayNode pages = log.putArray("pages");
    pages.addObject().put("id", "page_1").put("title", "https://example.com/app")
        .put("startedDateTime", "2023-10-02T10:00:00.000Z");
    ArrayNode list = log.putArray("entries");
    for (ObjectNode e : entries) {
      list.add(e);
    }
    return root;
  }

  static String text(JsonNode har) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(har);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Result sanitize(JsonNode har, Policy policy) {
    return sanitize(text(har), policy);
  }

  static Result sanitize(JsonNode har) {
    return sanitize(text(har), Policy.defaults());
  }

  static Result sanitize(String har, Policy policy) {
    return sanitize(har.getBytes(StandardCharsets.UTF_8), policy);
  }

  static Result sanitize(byte[] har, Policy policy) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      SanitizeReport report = HarSanitizer.create(policy).sanitize(new ByteArrayInputStream(har), out, "test.har");
      String text = out.toString(StandardCharsets.UTF_8);
      return new Result(text, JSON.readTree(text), report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sanitizes a HAR with a single entry built from request and response. */
  static Result one(ObjectNode request, ObjectNode response) {
    return sanitize(har(entry(request, response)));
  }

  static Result one(ObjectNode request, ObjectNode response, Policy policy) {
    return sanitize(har(entry(request, response)), policy);
  }

  /** A structurally valid, obviously fake JWT whose signature is sig. */
  static String jwt(String sig) {
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJGQUtFLXVzZXIiLCJleHAiOjE1MjAwMDAwMDB9." + sig;
  }
}
