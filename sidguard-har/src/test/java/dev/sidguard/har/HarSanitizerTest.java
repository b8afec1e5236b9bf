package dev.sidguard.har;

import static dev.sidguard.har.Hars.body;
import static dev.sidguard.har.Hars.cookie;
import static dev.sidguard.har.Hars.header;
import static dev.sidguard.har.Hars.jwt;
import static dev.sidguard.har.Hars.one;
import static dev.sidguard.har.Hars.postText;
import static dev.sidguard.har.Hars.query;
import static dev.sidguard.har.Hars.request;
import static dev.sidguard.har.Hars.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One positive and one negative case per location the default policy covers. All secrets are fake. */
class HarSanitizerTest {

  static final String FP = "-[0-9a-f]{12}";

  static String marker(String kind) {
    return "REDACTED-" + kind + FP;
  }

  @Nested
  class Cookies {
    @Test
    void sanitize_requestCookiesArray_replacesValuesKeepsNamesAndAttributes() {
      Hars.Result r = one(cookie(request("GET", "https://example.com/"), "sid", "FAKEsid0123456789"),
          response(200));
      JsonNode c = r.request().path("cookies").get(0);
      assertThat(c.path("name").asText()).isEqualTo("sid");
      assertThat(c.path("value").asText()).matches(marker("cookie"));
      assertThat(c.path("path").asText()).isEqualTo("/");
      assertThat(c.path("httpOnly").asBoolean()).isTrue();
    }

    @Test
    void sanitize_responseCookiesArray_replacesValues() {
      Hars.Result r = one(request("GET", "https://example.com/"),
          cookie(response(200), "JSESSIONID", "FAKEjsession42"));
      assertThat(r.response().path("cookies").get(0).path("value").asText()).matches(marker("cookie"));
    }

    @Test
    void sanitize_cookieHeader_replacesEveryValueIncludingOnesWithEquals() {
      Hars.Result r = one(header(request("GET", "https://example.com/"), "Cookie",
          "COOKIE1=BAR; COOKIE2=BAZ; COOKIE3=FOO=BARBAX"), response(200));
      String v = r.requestHeader("Cookie");
      assertThat(v).matches("COOKIE1=" + marker("cookie") + "; COOKIE2=" + marker("cookie") + "; COOKIE3="
          + marker("cookie"));
      assertThat(v).doesNotContain("BARBAX").doesNotContain("BAR;");
    }

    @Test
    void sanitize_lowercaseHttp2CookieHeader_isReplacedToo() {
      Hars.Result r = one(header(request("GET", "https://example.com/"), "cookie", "SID=FAKEgoogleSid"),
          response(200));
      assertThat(r.requestHeader("cookie")).matches("SID=" + marker("cookie"));
    }

    @Test
    void sanitize_setCookieHeader_keepsAttributesReplacesValue() {
      Hars.Result r = one(request("GET", "https://example.com/"), header(response(200), "Set-Cookie",
          "sid=FAKEokta123; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure; HttpOnly; SameSite=Lax"));
      assertThat(r.responseHeader("Set-Cookie")).matches("sid=" + marker("cookie")
          + "; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void sanitize_multiLineSetCookie_replacesEachCookie() {
      Hars.Result r = one(request("GET", "https://example.com/"), header(response(200), "set-cookie",
          "a=FAKEone; Path=/\nb=FAKEtwo; Domain=example.com"));
      assertThat(r.responseHeader("set-cookie"))
          .matches("a=" + marker("cookie") + "; Path=/\nb=" + marker("cookie") + "; Domain=example.com");
    }

    @Test
    void sanitize_sameCookieInHeaderAndArray_getsSameMarker() {
      ObjectNode req = header(request("GET", "https://example.com/"), "Cookie", "idx=FAKEidx777");
      cookie(req, "idx", "FAKEidx777");
      Hars.Result r = one(req, response(200));
      assertThat(r.requestHeader("Cookie"))
          .isEqualTo("idx=" + r.request().path("cookies").get(0).path("value").asText());
    }
  }

  @Nested
  class Authorization {
    @Test
    void sanitize_bearerHeader_keepsSchemeDropsToken() {
      Hars.Result r = one(header(request("GET", "https://api.example.com/"), "Authorization",
          "Bearer FAKEopaqueToken123"), response(200));
      assertThat(r.requestHeader("Authorization")).matches("Bearer " + marker("bearer-token"));
    }

    @Test
    void sanitize_lowercaseAuthorization_isReplaced() {
      Hars.Result r = one(header(request("GET", "https://api.example.com/"), "authorization",
          "Bearer " + jwt("FAKEsig_abcdefghijkl")), response(200));
      assertThat(r.requestHeader("authorization")).matches("Bearer " + marker("bearer-token"));
    }

    @Test
    void sanitize_proxyAuthorizationBasic_keepsScheme() {
      Hars.Result r = one(header(request("GET", "https://api.example.com/"), "Proxy-Authorization",
          "Basic ZmFrZTpmYWtlcGFzcw=="), response(200));
      assertThat(r.requestHeader("Proxy-Authorization")).matches("Basic " + marker("basic-credentials"));
    }

    @Test
    void sanitize_oktaSswsToken_isApiToken() {
      Hars.Result r = one(header(request("GET", "https://acme.okta.com/api/v1/users"), "Authorization",
          "SSWS 00FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake"), response(200));
      assertThat(r.requestHeader("Authorization")).matches("SSWS " + marker("api-token"));
    }
  }

  @Nested
  class Headers {
    @Test
    void sanitize_credentialHeadersByName_areReplacedCaseInsensitively() {
      ObjectNode req = request("GET", "https://acme.okta.com/api/v1/sessions/me");
      header(req, "X-API-Key", "FAKEapikey1234");
      header(req, "x-csrf-token", "FAKEcsrf5678");
      header(req, "X-XSRF-TOKEN", "FAKExsrf");
      header(req, "X-Okta-XsrfToken", "FAKEoktaXsrf");
      header(req, "x-client-data", "CIa2yQEIpLbJAQ==");
      header(req, "X-Amz-Security-Token", "FAKEamz");
      Hars.Result r = one(req, response(200));
      assertThat(r.requestHeader("X-API-Key")).matches(marker("api-key"));
      assertThat(r.requestHeader("x-csrf-token")).matches(marker("token"));
      assertThat(r.requestHeader("X-XSRF-TOKEN")).matches(marker("token"));
      assertThat(r.requestHeader("X-Okta-XsrfToken")).matches(marker("token"));
      assertThat(r.requestHeader("x-client-data")).matches(marker("client-data"));
      assertThat(r.requestHeader("X-Amz-Security-Token")).matches(marker("token"));
    }

    @Test
    void sanitize_benignHeaders_survive() {
      ObjectNode req = request("GET", "https://acme.okta.com/app");
      header(req, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/118.0");
      header(req, "X-Request-Id", "req-1234-abcd");
      header(req, "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      header(req, "Accept", "application/json");
      header(req, "Authorization", "Bearer FAKEtok");
      ObjectNode resp = response(200);
      header(resp, "X-Okta-Request-Id", "ZRqFAKE1234abcd");
      header(resp, "Content-Type", "application/json; charset=utf-8");
      header(resp, "Cache-Control", "no-cache, max-age=0");
      Hars.Result r = one(req, resp);
      assertThat(r.requestHeader("User-Agent")).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) Chrome/118.0");
      assertThat(r.requestHeader("X-Request-Id")).isEqualTo("req-1234-abcd");
      assertThat(r.requestHeader("traceparent"))
          .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      assertThat(r.requestHeader("Accept")).isEqualTo("application/json");
      assertThat(r.responseHeader("X-Okta-Request-Id")).isEqualTo("ZRqFAKE1234abcd");
      assertThat(r.responseHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(r.responseHeader("Cache-Control")).isEqualTo("no-cache, max-age=0");
    }

    @Test
    void sanitize_locationAndRefererHeaders_replaceSensitiveParametersOnly() {
      ObjectNode req = header(request("GET", "https://app.example.com/cb"), "Referer",
          "https://acme.okta.com/login?stateToken=FAKEstate01&lang=en");
      ObjectNode resp = header(response(302), "Location",
          "https://app.example.com/cb?code=FAKEcode4xYz9&state=FAKEstate42Q&iss=https%3A%2F%2Facme");
      Hars.Result r = one(req, resp);
      assertThat(r.requestHeader("Referer"))
          .matches("https://acme\\.okta\\.com/login\\?stateToken=" + marker("token") + "&lang=en");
      assertThat(r.responseHeader("Location")).matches("https://app\\.example\\.com/cb\\?code="
          + marker("oauth-code") + "&state=" + marker("token") + "&iss=https%3A%2F%2Facme");
    }

    @Test
    void sanitize_changedHeaders_setHeadersSizeMinusOne_unchangedKeepIt() {
      Hars.Result changed = one(header(request("GET", "https://x.example/"), "Cookie", "a=FAKE1"), response(200));
      assertThat(changed.request().path("headersSize").asInt()).isEqualTo(-1);
      assertThat(changed.response().path("headersSize").asInt()).isEqualTo(200);
      Hars.Result same = one(header(request("GET", "https://x.example/"), "Accept", "*/*"), response(200));
      assertThat(same.request().path("headersSize").asInt()).isEqualTo(300);
    }
  }

  @Nested
  class UrlsAndParameters {
    @Test
    void sanitize_urlQuery_replacesSensitiveKeepsSchemeHostPathAndOtherParams() {
      Hars.Result r = one(request("GET", "https://api.example.com/v1/items?access_token=FAKEat99&page=2&lang=en"),
          response(200));
      assertThat(r.request().path("url").asText())
          .matches("https://api\\.example\\.com/v1/items\\?access_token=" + marker("token") + "&page=2&lang=en");
    }

    @Test
    void sanitize_urlFragment_replacesIdToken() {
      Hars.Result r = one(request("GET",
          "https://app.example.com/implicit/callback#id_token=FAKEidtok&token_type=Bearer&expires_in=3600"),
          response(200));
      assertThat(r.request().path("url").asText()).matches("https://app\\.example\\.com/implicit/callback#id_token="
          + marker("token") + "&token_type=Bearer&expires_in=3600");
    }

    @Test
    void sanitize_queryStringArray_replacesSensitiveNamesInAnySpelling() {
      ObjectNode req = request("GET", "https://x.example/p");
      query(req, "access-token", "FAKE1");
      query(req, "refreshToken", "FAKE2");
      query(req, "CLIENT_SECRET", "FAKE3");
      query(req, "SAMLResponse", "PHNhbWw+RkFLRTwvc2FtbD4=");
      query(req, "page", "2");
      Hars.Result r = one(req, response(200));
      assertThat(r.param("queryString", "access-token")).matches(marker("token"));
      assertThat(r.param("queryString", "refreshToken")).matches(marker("token"));
      assertThat(r.param("queryString", "CLIENT_SECRET")).matches(marker("secret"));
      assertThat(r.param("queryString", "SAMLResponse")).matches(marker("saml"));
      assertThat(r.param("queryString", "page")).isEqualTo("2");
    }

    @Test
    void sanitize_benignNamesContainingSensitiveWords_survive() {
      ObjectNode req = request("GET",
          "https://x.example/p?zipcode=12345&country_code=SE&tokenizer=bpe&codec=h264&author=ann&postal_code=9");
      query(req, "zipcode", "12345");
      query(req, "country_code", "SE");
      query(req, "tokenizer", "bpe");
      query(req, "codec", "h264");
      query(req, "token_type", "Bearer");
      query(req, "nextPageToken", "CURSOR42");
      Hars.Result r = one(req, response(200));
      assertThat(r.request().path("url").asText()).doesNotContain("REDACTED");
      assertThat(r.request().path("queryString").toString()).doesNotContain("REDACTED");
    }

    @Test
    void sanitize_weakNameWithWordValue_isKept_withRandomValue_isReplaced() {
      Hars.Result r = one(request("GET", "https://x.example/cb?code=invalid_grant&state=xyz"), response(200));
      assertThat(r.request().path("url").asText()).isEqualTo("https://x.example/cb?code=invalid_grant&state=xyz");
      Hars.Result r2 = one(request("GET", "https://x.example/cb?code=Spl9xlOBeZQQYbYS6Wx"), response(200));
      assertThat(r2.request().path("url").asText()).matches("https://x\\.example/cb\\?code=" + marker("oauth-code"));
    }

    @Test
    void sanitize_urlEncodedInsideAnotherUrl_replacesNestedCode() {
      Hars.Result r = one(request("GET",
          "https://acme.okta.com/login?fromURI=https%3A%2F%2Fapp%2Fcb%3Fcode%3DFAKEc0de99%26x%3D1"), response(200));
      assertThat(r.request().path("url").asText())
          .matches("https://acme\\.okta\\.com/login\\?fromURI=https%3A%2F%2Fapp%2Fcb%3Fcode%3D"
              + marker("oauth-code") + "%26x%3D1");
    }

    @Test
    void sanitize_redirectUrl_replacesCode() {
      ObjectNode resp = response(302);
      resp.put("redirectURL", "https://app.example.com/cb?code=FAKEcode7Zq1&session_state=abc");
      Hars.Result r = one(request("GET", "https://x.example/"), resp);
      assertThat(r.response().path("redirectURL").asText())
          .matches("https://app\\.example\\.com/cb\\?code=" + marker("oauth-code") + "&session_state=abc");
    }
  }

  @Nested
  class Bodies {
    @Test
    void sanitize_utf16Input_longBodiesAreEncodedNotCopied() {
      String text = "caf\u00e9 and more text ".repeat(10) + "password=FAKEpw0123456";
      String har = Hars.text(Hars.har(Hars.entry(request("GET", "https://x.example/"),
          body(response(200), "text/plain", text))));
      Hars.Result r = Hars.sanitize(har.getBytes(StandardCharsets.UTF_16LE), Policy.defaults());
      String out = r.response().path("content").path("text").asText();
      assertThat(out.contains("FAKEpw")).isFalse();
      assertThat(out).startsWith("caf\u00e9 and more text caf\u00e9").matches("(?s).*password=" + marker("password"));
    }

    @Test
    void sanitize_longUnchangedBodies_surviveExactly_longBodyWithSecret_isStillReplaced() {
      String script = "const title = \"Caf\u00e9 \u2014 \uD83D\uDE00\";\n\tlet path = 'a\\\\b/c';\u0001 ".repeat(20);
      String html = "<html><form><input type=\"hidden\" name=\"_xsrfToken\" value=\"FAKExsrf0123456789abc\">"
          + "<p>caf\u00e9</p>\n".repeat(20) + "</form></html>";
      ObjectNode second = Hars.entry(request("GET", "https://x.example/b"), body(response(200), "text/html", html));
      Hars.Result r = Hars.sanitize(Hars.har(
          Hars.entry(request("GET", "https://x.example/a"), body(response(200), "application/javascript", script)),
          second,
          Hars.entry(request("GET", "https://x.example/c"), body(response(200), "application/javascript", script))));
      assertThat(r.entry(0).path("response").path("content").path("text").asText()).isEqualTo(script);
      assertThat(r.entry(2).path("response").path("content").path("text").asText()).isEqualTo(script);
      String out = r.entry(1).path("response").path("content").path("text").asText();
      assertThat(out.contains("FAKExsrf")).isFalse();
      assertThat(out).contains("name=\"_xsrfToken\" value=\"REDACTED-token-").endsWith("</form></html>");
    }

    @Test
    void sanitize_formPost_replacesPasswordKeepsUsername() {
      Hars.Result r = one(postText(request("POST", "https://x.example/login"), "application/x-www-form-urlencoded",
          "username=alice%40example.com&password=FAKEhunter2&remember=true"), response(200));
      assertThat(r.request().path("postData").path("text").asText())
          .matches("username=alice%40example\\.com&password=" + marker("password") + "&remember=true");
    }

    @Test
    void sanitize_jsonPost_replacesKeysAtAnyDepthKeepsFormatting() {
      String json = "{\n  \"user\": {\"profile\": {\"zipcode\": \"12345\"},\n"
          + "    \"credentials\": {\"password\": {\"value\": \"FAKEpw\"}, \"recovery_question\": {\"answer\": \"FAKEcat\"}}},\n"
          + "  \"sessionToken\": \"FAKEst\", \"list\": [{\"client_secret\": \"FAKEcs\"}, 7]\n}";
      Hars.Result r = one(postText(request("POST", "https://acme.okta.com/api/v1/users"), "application/json", json),
          response(200));
      String out = r.request().path("postData").path("text").asText();
      assertThat(out).doesNotContain("FAKE");
      assertThat(out).contains("\"zipcode\": \"12345\"").contains("\n    \"credentials\": {\"password\": {\"value\": \"REDACTED-password-");
      assertThat(out).contains("\"list\": [{\"client_secret\": \"REDACTED-secret-").endsWith(", 7]\n}");
    }

    @Test
    void sanitize_jsonNameValuePairs_replaceValueWhateverTheOrder() {
      String json = "{\"remediation\":{\"value\":[{\"value\":\"FAKEsh02\",\"name\":\"stateHandle\",\"visible\":false},"
          + "{\"name\":\"identifier\",\"value\":\"alice\"}]}}";
      Hars.Result r = one(postText(request("POST", "https://acme.okta.com/idp/idx/identify"),
          "application/ion+json; okta-version=1.0.0", json), response(200));
      String out = r.request().path("postData").path("text").asText();
      assertThat(out).doesNotContain("FAKEsh02").contains("{\"name\":\"identifier\",\"value\":\"alice\"}");
    }

    @Test
    void sanitize_postDataParams_replaceSensitiveKeepOthers() {
      ObjectNode req = request("POST", "https://x.example/upload");
      ObjectNode pd = req.putObject("postData");
      pd.put("mimeType", "multipart/form-data");
      pd.putArray("params").addObject().put("name", "password").put("value", "FAKEpw");
      ((com.fasterxml.jackson.databind.node.ArrayNode) pd.get("params")).addObject().put("name", "hello")
          .put("value", "world");
      Hars.Result r = one(req, response(200));
      assertThat(r.param("params", "password")).matches(marker("password"));
      assertThat(r.param("params", "hello")).isEqualTo("world");
    }

    @Test
    void sanitize_multipartText_replacesSensitivePartBody() {
      String text = "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n"
          + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nFAKEpw123\r\n--XyZ--\r\n";
      Hars.Result r = one(postText(request("POST", "https://x.example/login"), "multipart/form-data; boundary=XyZ",
          text), response(200));
      String out = r.request().path("postData").path("text").asText();
      assertThat(out).doesNotContain("FAKEpw123").contains("\r\n\r\nalice\r\n").contains("name=\"password\"");
      assertThat(r.request().path("bodySize").asInt()).isEqualTo(out.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void sanitize_jsonResponse_replacesTokensKeepsErrorCodesAndStatus() {
      String json = "{\"access_token\":\"FAKEat\",\"refresh_token\":\"FAKErt\",\"token_type\":\"Bearer\","
          + "\"expires_in\":3600,\"error\":{\"code\":\"invalid_grant\",\"status\":400},\"code\":200}";
      Hars.Result r = one(request("POST", "https://x.example/token"), body(response(200), "application/json", json));
      String out = r.response().path("content").path("text").asText();
      assertThat(out).doesNotContain("FAKEat").doesNotContain("FAKErt")
          .contains("\"token_type\":\"Bearer\",\"expires_in\":3600,\"error\":{\"code\":\"invalid_grant\",\"status\":400},\"code\":200");
      assertThat(r.response().path("content").path("size").asInt()).isEqualTo(out.length());
      assertThat(r.response().path("bodySize").asInt()).isEqualTo(-1);
    }

    @Test
    void sanitize_htmlHiddenInputsAndMeta_replaceValues() {
      String html = "<html><head><meta name=\"csrf-token\" content=\"FAKEcsrf\"><title>Sign in</title></head><body>"
          + "<form method=\"post\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"PHNhbWw+RkFLRTwvc2FtbD4=\"/>"
          + "<input type=\"hidden\" value=\"https://app/\" name=\"RelayState\"></form></body></html>";
      Hars.Result r = one(request("GET", "https://x.example/sso"), body(response(200), "text/html", html));
      String out = r.response().path("content").path("text").asText();
      assertThat(out).doesNotContain("FAKEcsrf").doesNotContain("PHNhbWw")
          .contains("<title>Sign in</title>").contains("value=\"https://app/\" name=\"RelayState\"");
    }

    @Test
    void sanitize_scriptAssignments_replaceStateToken() {
      String js = "var oktaData = {\"stateToken\":\"FAKEst01\", lang: 'en'}; var x = { stateToken: 'FAKEst02' };";
      Hars.Result r = one(request("GET", "https://acme.okta.com/login"), body(response(200), "text/html", js));
      String out = r.response().path("content").path("text").asText();
      assertThat(out).doesNotContain("FAKEst").contains("lang: 'en'");
    }

    @Test
    void sanitize_base64TextBody_isDecodedSanitizedReencoded() {
      String json = "{\"refresh_token\":\"FAKErt\",\"scope\":\"openid\"}";
      ObjectNode resp = response(200);
      ((ObjectNode) resp.get("content")).put("mimeType", "application/json").put("encoding", "base64")
          .put("text", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
      Hars.Result r = one(request("POST", "https://x.example/token"), resp);
      JsonNode c = r.response().path("content");
      String decoded = new String(Base64.getDecoder().decode(c.path("text").asText()), StandardCharsets.UTF_8);
      assertThat(decoded).matches("\\{\"refresh_token\":\"" + marker("token") + "\",\"scope\":\"openid\"}");
      assertThat(c.path("size").asInt()).isEqualTo(decoded.length());
      assertThat(c.path("encoding").asText()).isEqualTo("base64");
    }

    @Test
    void sanitize_base64BinaryBody_isLeftAlone() {
      byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'e', 'y', 'J', 'h'};
      String b64 = Base64.getEncoder().encodeToString(png);
      ObjectNode resp = response(200);
      ((ObjectNode) resp.get("content")).put("mimeType", "image/png").put("encoding", "base64").put("text", b64)
          .put("size", 12);
      Hars.Result r = one(request("GET", "https://x.example/i.png"), resp);
      assertThat(r.response().path("content").path("text").asText()).isEqualTo(b64);
      assertThat(r.response().path("content").path("size").asInt()).isEqualTo(12);
    }

    @Test
    void sanitize_nonSensitiveBody_isByteIdentical() {
      String js = "function f(a){return a===1?\"x\":{k:'v'};} var token_type = 'Bearer'; // eyJ not a token";
      Hars.Result r = one(request("GET", "https://x.example/app.js"), body(response(200), "application/javascript", js));
      assertThat(r.response().path("content").path("text").asText()).isEqualTo(js);
      assertThat(r.response().path("bodySize").asInt()).isEqualTo(js.length());
    }

    @Test
    void sanitize_webSocketMessages_replaceTokensInFrames() {
      ObjectNode e = Hars.entry(request("GET", "wss://x.example/socket"), response(101));
      e.putArray("_webSocketMessages").addObject().put("type", "send").put("time", 1.5).put("opcode", 1)
          .put("data", "{\"type\":\"auth\",\"token\":\"FAKEws\"}");
      Hars.Result r = Hars.sanitize(Hars.har(e));
      JsonNode m = r.entry(0).path("_webSocketMessages").get(0);
      assertThat(m.path("data").asText()).matches("\\{\"type\":\"auth\",\"token\":\"" + marker("token") + "\"}");
      assertThat(m.path("type").asText()).isEqualTo("send");
    }
  }

  @Nested
  class TokenShapes {
    @Test
    void sanitize_jwtAnywhere_keepsHeaderAndClaimsReplacesSignature() {
      String token = jwt("FAKEsig_0123456789abcdef");
      ObjectNode resp = header(response(200), "X-Debug", "session " + token + " ok");
      Hars.Result r = one(request("GET", "https://x.example/"), resp);
      String v = r.responseHeader("X-Debug");
      String headerAndClaims = token.substring(0, token.lastIndexOf('.') + 1);
      assertThat(v).matches("session " + headerAndClaims.replace(".", "\\.") + marker("jwt-signature") + " ok");
      assertThat(v.substring(8, v.length() - 3).split("\\.")).hasSize(3);
    }

    @Test
    void sanitize_jwtUnderStrict_isReplacedWhole() {
      ObjectNode resp = header(response(200), "X-Debug", jwt("FAKEsig_0123456789abcdef"));
      Hars.Result r = one(request("GET", "https://x.example/"), resp, Policy.strict());
      assertThat(r.responseHeader("X-Debug")).matches(marker("(jwt|header-value)"));
      Hars.Result body = one(request("GET", "https://x.example/"),
          body(response(200), "text/plain", "t=" + jwt("FAKEsig_0123456789abcdef")), Policy.strict());
      assertThat(body.response().path("content").path("text").asText()).matches("t=" + marker("jwt"));
    }

    @Test
    void sanitize_base64WrappedJwt_isReplaced() {
      String wrapped = Base64.getEncoder().encodeToString(jwt("FAKEsig_0123456789").getBytes(StandardCharsets.US_ASCII));
      Hars.Result r = one(request("GET", "https://x.example/"), body(response(200), "text/plain", "blob " + wrapped));
      assertThat(r.response().path("content").path("text").asText()).matches("blob " + marker("jwt"));
    }

    @Test
    void sanitize_knownTokenShapesInBody_areReplacedWithTheirKind() {
      String text = String.join("\n",
          "aws AKIAFAKEFAKEFAKE1234 end",
          "gh ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234 end",
          "pat github_pat_FAKE0123456789abcdefghij_more end",
          "slack xoxb-0000-FAKEfakeFAKE end",
          "hook https://hooks.slack.com/services/T000FAKE/B000FAKE/FAKEfakeFAKEfake end",
          "gcp AIzaFAKEfakeFAKEfakeFAKEfakeFAKEfake123 end",
          "stripe sk_live_FAKEfakeFAKEfake1234 end",
          "openai sk-proj-FAKEfakeFAKEfakeFAKEfakeFAKEfake1234 end",
          "anthropic sk-ant-api03-FAKEfakeFAKEfakeFAKEfakeFAKEfake1234 end",
          "okta SSWS-style 00FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake end",
          "basic Basic ZmFrZXVzZXI6ZmFrZXBhc3M= end",
          "-----BEGIN RSA PRIVATE KEY-----\nMIIFAKEFAKEFAKE\n-----END RSA PRIVATE KEY----- end");
      Hars.Result r = one(request("GET", "https://x.example/"), body(response(200), "text/plain", text));
      String[] lines = r.response().path("content").path("text").asText().split("\n");
      assertThat(lines[0]).matches("aws " + marker("aws-access-key") + " end");
      assertThat(lines[1]).matches("gh " + marker("github-token") + " end");
      assertThat(lines[2]).matches("pat " + marker("github-token") + " end");
      assertThat(lines[3]).matches("slack " + marker("slack-token") + " end");
      assertThat(lines[4]).matches("hook https://hooks\\.slack\\.com/" + marker("slack-webhook") + " end");
      assertThat(lines[5]).matches("gcp " + marker("gcp-api-key") + " end");
      assertThat(lines[6]).matches("stripe " + marker("stripe-key") + " end");
      assertThat(lines[7]).matches("openai " + marker("openai-key") + " end");
      assertThat(lines[8]).matches("anthropic " + marker("anthropic-key") + " end");
      assertThat(lines[9]).matches("okta SSWS-style " + marker("okta-api-token") + " end");
      assertThat(lines[10]).matches("basic Basic " + marker("basic-credentials") + " end");
      assertThat(lines[11]).matches(marker("private-key") + " end");
    }

    @Test
    void sanitize_tokenShapesInShortHeaderValues_areReplacedOneByOne() {
      String[][] cases = {
          {"aws AKIAFAKEFAKEFAKE1234 end", "aws-access-key"},
          {"gh ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234 end", "github-token"},
          {"pat github_pat_FAKE0123456789abcdefghij_more end", "github-token"},
          {"slack xoxb-0000-FAKEfakeFAKE end", "slack-token"},
          {"gcp AIzaFAKEfakeFAKEfakeFAKEfakeFAKEfake123 end", "gcp-api-key"},
          {"stripe rk_test_FAKEfakeFAKEfake1234 end", "stripe-key"},
          {"openai sk-proj-FAKEfakeFAKEfakeFAKEfakeFAKEfake1234 end", "openai-key"},
          {"okta 00FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake end", "okta-api-token"},
          {"basic Basic ZmFrZXVzZXI6ZmFrZXBhc3M= end", "basic-credentials"},
          {"jwt " + jwt("FAKEsig_0123456789abcdef").substring(0, 10) + " end", null}};
      for (String[] c : cases) {
        Hars.Result r = one(request("GET", "https://x.example/"), header(response(200), "X-Debug", c[0]));
        String v = r.responseHeader("X-Debug");
        String word = c[0].substring(0, c[0].indexOf(' '));
        if (c[1] == null) {
          assertThat(v).isEqualTo(c[0]);
        } else {
          assertThat(v).as(word).matches("(" + word + " |basic Basic )" + marker(c[1]) + " end");
        }
      }
    }

    @Test
    void sanitize_oktaTokenShape_needsExactLengthAndAnOktaMention() {
      String token = "00FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake";
      String text = "okta " + token + " end\nlonger " + token + "x end\nshort 00FAKEfake end";
      Hars.Result r = one(request("GET", "https://x.example/"), body(response(200), "text/plain", text));
      assertThat(r.response().path("content").path("text").asText())
          .matches("okta " + marker("okta-api-token") + " end\nlonger " + token + "x end\nshort 00FAKEfake end");
      Hars.Result none = one(request("GET", "https://x.example/"), body(response(200), "text/plain", "id " + token));
      assertThat(none.response().path("content").path("text").asText()).isEqualTo("id " + token);
    }

    @Test
    void sanitize_lookalikesOfTokenShapes_survive() {
      String text = "ghp_short desk-top-sk-not AKIAshort Basic word eyJ.alone 0012 "
          + "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE----- pk_live_publishable12345678";
      Hars.Result r = one(request("GET", "https://x.example/"), body(response(200), "text/plain", text));
      assertThat(r.response().path("content").path("text").asText()).isEqualTo(text);
    }
  }

  @Nested
  class OtherMembers {
    @Test
    void sanitize_pagesAndInitiatorAndUnknownMembers_areScanned() {
      ObjectNode e = Hars.entry(request("GET", "https://x.example/"), response(200));
      e.putObject("_initiator").put("type", "script").put("url", "https://x.example/a.js?api_key=FAKEkey1");
      e.put("_full_url", "https://x.example/?access_token=FAKEat2");
      ObjectNode har = Hars.har(e);
      ((ObjectNode) har.path("log").path("pages").get(0)).put("title", "https://x.example/cb#access_token=FAKEat3");
      Hars.Result r = Hars.sanitize(har);
      assertThat(r.text()).doesNotContain("FAKEkey1").doesNotContain("FAKEat2").doesNotContain("FAKEat3");
      assertThat(r.entry(0).path("_initiator").path("type").asText()).isEqualTo("script");
      assertThat(r.har().path("log").path("pages").get(0).path("id").asText()).isEqualTo("page_1");
    }

    @Test
    void sanitize_keepsStatusesTimingsAndPageTitles() {
      Hars.Result r = one(request("GET", "https://x.example/"), response(404));
      assertThat(r.response().path("status").asInt()).isEqualTo(404);
      assertThat(r.entry(0).path("timings").path("wait").asDouble()).isEqualTo(10.2);
      assertThat(r.entry(0).path("time").asDouble()).isEqualTo(12.5);
      assertThat(r.har().path("log").path("pages").get(0).path("title").asText()).isEqualTo("https://example.com/app");
    }
  }

  @Nested
  class MarkersAndReports {
    @Test
    void sanitize_twoCalls_giveDifferentMarkersForTheSameSecret() {
      ObjectNode har = Hars.har(Hars.entry(cookie(request("GET", "https://x.example/"), "sid", "FAKEsame"),
          response(200)));
      String a = Hars.sanitize(har).request().path("cookies").get(0).path("value").asText();
      String b = Hars.sanitize(har).request().path("cookies").get(0).path("value").asText();
      assertThat(a).matches(marker("cookie"));
      assertThat(b).matches(marker("cookie")).isNotEqualTo(a);
    }

    @Test
    void sanitize_sanitizedHar_changesNoMarker() {
      ObjectNode req = request("GET", "https://x.example/cb?code=FAKEc0de99x&lang=en#id_token=" + jwt("FAKEsig_abcdef123"));
      header(req, "Cookie", "sid=FAKEs; COOKIE3=FOO=BAR");
      header(req, "Authorization", "Bearer FAKEbt");
      cookie(req, "sid", "FAKEs");
      ObjectNode resp = body(response(200), "application/json", "{\"password\":\"FAKEpw\",\"n\":[\"" + jwt("FAKEsig_x1y2z3w4") + "\"]}");
      header(resp, "Set-Cookie", "sid=FAKEs; Path=/");
      Hars.Result first = one(req, resp);
      Hars.Result second = Hars.sanitize(first.text(), Policy.defaults());
      assertThat(second.text()).isEqualTo(first.text());
      assertThat(second.report().redactions()).isZero();
    }

    @Test
    void report_countsByKindAndLocation_withoutValues() {
      ObjectNode req = header(request("GET", "https://x.example/?token=FAKEtk1"), "Cookie", "a=FAKEc1; b=FAKEc2");
      Hars.Result r = one(req, response(200));
      SanitizeReport rep = r.report();
      assertThat(rep.entries()).isEqualTo(1);
      assertThat(rep.redactions()).isEqualTo(3);
      assertThat(rep.byKind()).containsEntry("cookie", 2L).containsEntry("token", 1L);
      assertThat(rep.byLocation()).containsEntry("request.headers", 2L).containsEntry("request.url", 1L);
      assertThat(rep.summary()).isEqualTo("1 entry, 3 values redacted (cookie 2, token 1)");
      assertThat(rep.toJson()).contains("\"byKind\"").contains("\"cookie\" : 2").doesNotContain("FAKE");
    }
  }
}
