package dev.sidguard.har;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A HAR of an Okta admin's session with one obviously FAKE secret planted in each location the sanitizer
 * handles, one location per entry, for recall and no-leak tests (also used by the CLI tests).
 *
 * <p>Entry i holds case i. The tenant is acme.okta.com; /api/v1/users/me says the user is
 * alice@acme.example; the admin console (acme-admin.okta.com) is used. Bearer JWTs expire in 2099.
 */
public final class PlantedHar {

  /** One planted secret: where it is, what the scanner must call it, and the FAKE value. */
  public record Case(String location, String kind, String secret, BiConsumer<ObjectNode, String> plant) {}

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(String location, String kind, String secret, BiConsumer<ObjectNode, String> plant) {
    CASES.add(new Case(location, kind, secret, plant));
  }

  private static ObjectNode req(ObjectNode entry) {
    return (ObjectNode) entry.get("request");
  }

  private static ObjectNode resp(ObjectNode entry) {
    return (ObjectNode) entry.get("response");
  }

  static {
    add("request.cookies[sid]", "cookie", "FAKEsid0aB1cD2eF3gH4iJ5",
        (e, s) -> Hars.cookie(req(e), "sid", s));
    add("request.headers[Cookie].DT", "cookie", "FAKEdt0kL1mN2oP3qR4sT",
        (e, s) -> Hars.header(req(e), "Cookie", "DT=" + s + "; theme=dark"));
    add("response.headers[Set-Cookie].idx", "cookie", "FAKEidx0uV1wX2yZ3aB4c",
        (e, s) -> Hars.header(resp(e), "Set-Cookie", "idx=" + s + "; Path=/; Max-Age=7200; HttpOnly"));
    add("request.headers[authorization]", "bearer-token", jwt("FAKEbearerSig0dE1fG2hI3", 4_070_908_800L),
        (e, s) -> Hars.header(req(e), "authorization", "Bearer " + s));
    add("request.headers[X-API-Key]", "api-key", "FAKEapikey0jK1lM2nO3pQ",
        (e, s) -> Hars.header(req(e), "X-API-Key", s));
    add("request.queryString[access_token]", "token", "FAKEqs0rS1tU2vW3xY4zA",
        (e, s) -> Hars.query(req(e), "access_token", s));
    add("request.url[id_token]", "token", "FAKEfrag0bC1dE2fG3hI4j",
        (e, s) -> req(e).put("url", "https://acme.okta.com/app/cb#id_token=" + s + "&token_type=Bearer"));
    add("request.postData.text[password]", "password", "FAKEpw0kL1mN2oP3",
        (e, s) -> Hars.postText(req(e), "application/x-www-form-urlencoded", "username=alice&password=" + s));
    add("request.postData.text$.a.b[0].refresh_token", "token", "FAKErt0qR1sT2uV3wX4yZ",
        (e, s) -> Hars.postText(req(e), "application/json", "{\"a\":{\"b\":[{\"refresh_token\":\"" + s + "\"}]}}"));
    add("response.content.text$.client_secret", "secret", "FAKEcs0aB1cD2eF3gH4iJ",
        (e, s) -> Hars.body(resp(e), "application/json", "{\"client_secret\":\"" + s + "\",\"ok\":true}"));
    add("response.content.text[SAMLResponse]", "saml", "FAKEsaml0kL1mN2oP3qR4",
        (e, s) -> Hars.body(resp(e), "text/html",
            "<form><input type=\"hidden\" name=\"SAMLResponse\" value=\"" + s + "\"></form>"));
    add("response.redirectURL[code]", "oauth-code", "FAKEcode0sT1uV2wX3",
        (e, s) -> resp(e).put("redirectURL", "https://app.example.com/cb?code=" + s + "&lang=en"));
    add("response.headers[Location][code]", "oauth-code", "FAKEloc0yZ1aB2cD3",
        (e, s) -> Hars.header(resp(e), "Location", "https://app.example.com/cb?code=" + s));
    add("_webSocketMessages[0].data$.token", "token", "FAKEws0eF1gH2iJ3kL4mN",
        (e, s) -> e.putArray("_webSocketMessages").addObject().put("type", "send").put("opcode", 1)
            .put("data", "{\"token\":\"" + s + "\"}"));
    add("response.content.text(base64)$.access_token", "token", "FAKEb64at0oP1qR2sT3uV",
        (e, s) -> ((ObjectNode) resp(e).get("content")).put("mimeType", "application/json").put("encoding", "base64")
            .put("text", b64("{\"access_token\":\"" + s + "\"}")));
    add("response.headers[X-Debug-Token-Echo]", "jwt-signature", "FAKEjwtSig0wX1yZ2aB3cD",
        (e, s) -> Hars.header(resp(e), "X-Debug-Token-Echo", jwt(s, 4_070_908_800L)));
    add("request.postData.params[password]", "password", "FAKEparam0eF1gH2",
        (e, s) -> req(e).putObject("postData").put("mimeType", "application/x-www-form-urlencoded")
            .putArray("params").addObject().put("name", "password").put("value", s));
    add("request.postData.text[client_secret]", "secret", "FAKEmulti0iJ1kL2mN3oP",
        (e, s) -> Hars.postText(req(e), "multipart/form-data; boundary=B0und",
            "--B0und\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n" + s + "\r\n--B0und--\r\n"));
    add("_initiator.url[code]", "oauth-code", "FAKEinit0qR1sT2uV3",
        (e, s) -> e.putObject("_initiator").put("type", "script").put("url", "https://x.example/cb?code=" + s));
    add("response.content.text", "aws-access-key", "AKIAFAKEFAKEFAKE1234",
        (e, s) -> Hars.body(resp(e), "text/plain", "aws_region=us-east-1 key " + s + " end"));
    add("response.content.text", "github-token", "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake0123",
        (e, s) -> Hars.body(resp(e), "text/plain", "gh " + s + " end"));
    add("response.content.text", "private-key",
        "-----BEGIN PRIVATE KEY-----\nFAKEkeyMaterialFAKE0123456789\n-----END PRIVATE KEY-----",
        (e, s) -> Hars.body(resp(e), "text/plain", "key:\n" + s + "\n"));
    add("request.headers[Authorization]", "basic-credentials", b64("fakeuser:FAKEbasicPass01"),
        (e, s) -> Hars.header(req(e), "Authorization", "Basic " + s));
    add("request.headers[Authorization]", "api-token", "00FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake",
        (e, s) -> Hars.header(req(e), "Authorization", "SSWS " + s));
    add("response.content.text[stateToken]", "token", "FAKEst0wX1yZ2aB3cD4eF",
        (e, s) -> Hars.body(resp(e), "text/html", "<script>var stateToken = \"" + s + "\";</script>"));
    add("response.content.text[csrf-token]", "token", "FAKEcsrf0gH1iJ2kL3mN4",
        (e, s) -> Hars.body(resp(e), "text/html", "<head><meta name=\"csrf-token\" content=\"" + s + "\"></head>"));
    add("response.content.text", "jwt", b64(jwt("FAKEwrappedSig0oP1qR2", 4_070_908_800L)),
        (e, s) -> Hars.body(resp(e), "text/plain", "blob " + s + " end"));
    add("request.headers[X-Client-Data]", "client-data", "FAKEcd0sT1uV2wX3yZ4aB",
        (e, s) -> Hars.header(req(e), "X-Client-Data", s));
    add("request.headers[X-Okta-XsrfToken]", "token", "FAKExsrf0cD1eF2gH3iJ4",
        (e, s) -> Hars.header(req(e), "X-Okta-XsrfToken", s));
    add("request.postData.text$.remediation[0][passcode]", "password", "FAKEpc0kL1mN2",
        (e, s) -> Hars.postText(req(e), "application/json",
            "{\"remediation\":[{\"value\":\"" + s + "\",\"name\":\"passcode\"}]}"));
    add("request.url[code]", "oauth-code", "FAKEnested0oP1qR2sT3",
        (e, s) -> req(e).put("url", "https://acme.okta.com/login?fromURI=%2Fcb%3Fcode%3D" + s + "%26x%3D1"));
  }

  private PlantedHar() {}

  /** Every planted case, in entry order. */
  public static List<Case> cases() {
    return List.copyOf(CASES);
  }

  /** Every planted secret value (FAKE test data). */
  public static List<String> secrets() {
    return CASES.stream().map(Case::secret).toList();
  }

  /** The HAR as pretty-printed JSON bytes. */
  public static byte[] bytes() {
    ObjectNode[] entries = new ObjectNode[CASES.size() + 2];
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      ObjectNode e = Hars.entry(Hars.request("GET", "https://acme.okta.com/app/UserHome?lang=en"), Hars.response(200));
      c.plant().accept(e, c.secret());
      entries[i] = e;
    }
    ObjectNode me = Hars.entry(Hars.request("GET", "https://acme.okta.com/api/v1/users/me"),
        Hars.body(Hars.response(200), "application/json",
            "{\"id\":\"00uFAKE\",\"profile\":{\"login\":\"alice@acme.example\",\"email\":\"alice@acme.example\"}}"));
    entries[CASES.size()] = me;
    entries[CASES.size() + 1] = Hars.entry(Hars.request("GET", "https://acme-admin.okta.com/admin/dashboard"),
        Hars.response(200));
    ObjectNode har = Hars.har(entries);
    ArrayNode pages = (ArrayNode) har.path("log").get("pages");
    ((ObjectNode) pages.get(0)).put("title", "https://acme.okta.com/app/UserHome");
    return Hars.text(har).getBytes(StandardCharsets.UTF_8);
  }

  /** A FAKE HS256 JWT with the given signature, for alice@acme.example, expiring at exp (epoch seconds). */
  public static String jwt(String signature, long exp) {
    String claims = "{\"sub\":\"alice@acme.example\",\"iss\":\"https://acme.okta.com/oauth2/default\",\"exp\":" + exp + "}";
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
        + signature;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
