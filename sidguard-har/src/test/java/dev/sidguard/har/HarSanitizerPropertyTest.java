package dev.sidguard.har;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Generated HARs with FAKE secrets planted in random locations next to random benign values: no secret
 * survives (also not inside base64 bodies), every benign value survives, the output parses.
 */
class HarSanitizerPropertyTest {

  private static final int LOCATIONS = 18;

  @Provide
  Arbitrary<List<String>> secrets() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(12).ofMaxLength(30)
        .map(s -> "FAKE" + s + "9z").list().ofSize(LOCATIONS).uniqueElements();
  }

  @Provide
  Arbitrary<List<String>> benign() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(4).ofMaxLength(10)
        .map(s -> "ok" + s).list().ofSize(5).uniqueElements();
  }

  @Property(tries = 200)
  void sanitize_plantedSecrets_neverSurvive_benignValuesDo(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = LOCATIONS - 1) Integer> where,
      @ForAll("secrets") List<String> secrets,
      @ForAll("benign") List<String> benign) {
    ObjectNode[] entries = {entry(benign), entry(benign)};
    List<String> planted = new ArrayList<>();
    for (int i = 0; i < where.size(); i++) {
      String secret = secrets.get(i);
      plant(entries[i % 2], where.get(i), secret);
      planted.add(secret);
    }
    Hars.Result r = Hars.sanitize(Hars.har(entries));

    assertThat(r.report().entries()).isEqualTo(2);
    String visible = r.text() + decodedBase64Bodies(r.har());
    for (int i = 0; i < planted.size(); i++) {
      assertThat(visible.contains(planted.get(i))).as("secret planted at location %d survived", where.get(i)).isFalse();
    }
    for (String b : benign) {
      assertThat(r.text()).as("benign value").contains(b);
    }
  }

  private static ObjectNode entry(List<String> benign) {
    ObjectNode req = Hars.request("POST", "https://acme.okta.com/api/v1/" + benign.get(0) + "?lang=" + benign.get(1));
    Hars.query(req, "lang", benign.get(1));
    Hars.header(req, "X-Request-Id", benign.get(2));
    Hars.header(req, "User-Agent", "Mozilla/5.0 " + benign.get(3));
    ObjectNode resp = Hars.response(200);
    Hars.header(resp, "Content-Type", "application/json");
    Hars.header(resp, "X-Okta-Request-Id", benign.get(4));
    Hars.body(resp, "application/json", "{\"status\":\"" + benign.get(4) + "\",\"items\":[]}");
    return Hars.entry(req, resp);
  }

  private static void plant(ObjectNode entry, int where, String secret) {
    ObjectNode req = (ObjectNode) entry.get("request");
    ObjectNode resp = (ObjectNode) entry.get("response");
    switch (where) {
      case 0 -> Hars.cookie(req, "sid", secret);
      case 1 -> Hars.header(req, "Cookie", "DT=" + secret + "; theme=dark");
      case 2 -> Hars.header(resp, "Set-Cookie", "idx=" + secret + "; Path=/; HttpOnly");
      case 3 -> Hars.header(req, "authorization", "Bearer " + secret);
      case 4 -> Hars.header(req, "X-API-Key", secret);
      case 5 -> {
        req.put("url", req.get("url").asText() + "&access_token=" + secret);
        Hars.query(req, "access_token", secret);
      }
      case 6 -> req.put("url", req.get("url").asText() + "#id_token=" + secret + "&token_type=Bearer");
      case 7 -> Hars.postText(req, "application/x-www-form-urlencoded", "username=alice&password=" + secret);
      case 8 -> Hars.postText(req, "application/json",
          "{\"a\":{\"b\":[{\"refresh_token\":\"" + secret + "\"}]},\"n\":1}");
      case 9 -> Hars.body(resp, "application/json", "{\"client_secret\":\"" + secret + "\",\"ok\":true}");
      case 10 -> Hars.body(resp, "text/html",
          "<form><input type=\"hidden\" name=\"SAMLResponse\" value=\"" + secret + "\"></form>");
      case 11 -> resp.put("redirectURL", "https://app.example.com/cb?code=" + secret + "&state=abc");
      case 12 -> Hars.header(resp, "Location", "https://app.example.com/cb?code=" + secret);
      case 13 -> {
        ArrayNode ws = entry.has("_webSocketMessages") ? (ArrayNode) entry.get("_webSocketMessages")
            : entry.putArray("_webSocketMessages");
        ws.addObject().put("type", "send").put("opcode", 1).put("data", "{\"token\":\"" + secret + "\"}");
      }
      case 14 -> {
        String json = "{\"access_token\":\"" + secret + "\"}";
        ObjectNode c = (ObjectNode) resp.get("content");
        c.put("mimeType", "application/json").put("encoding", "base64")
            .put("text", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
      }
      case 15 -> Hars.header(resp, "X-Debug-Token-Echo", Hars.jwt(secret));
      case 16 -> {
        ObjectNode pd = req.has("postData") ? (ObjectNode) req.get("postData") : req.putObject("postData");
        ArrayNode params = pd.has("params") ? (ArrayNode) pd.get("params") : pd.putArray("params");
        params.addObject().put("name", "password").put("value", secret);
      }
      case 17 -> Hars.postText(req, "multipart/form-data; boundary=B0und",
          "--B0und\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n" + secret + "\r\n--B0und--\r\n");
      default -> throw new IllegalArgumentException("location " + where);
    }
  }

  private static String decodedBase64Bodies(JsonNode har) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : har.path("log").path("entries")) {
      JsonNode c = e.path("response").path("content");
      if (c.path("encoding").asText().equals("base64")) {
        sb.append(new String(Base64.getDecoder().decode(c.path("text").asText()), StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }
}
