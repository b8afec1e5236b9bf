package dev.sidguard.har;

import static dev.sidguard.har.Hars.header;
import static dev.sidguard.har.Hars.one;
import static dev.sidguard.har.Hars.query;
import static dev.sidguard.har.Hars.request;
import static dev.sidguard.har.Hars.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  private HarException loadFails(String yaml) throws IOException {
    Path p = write(yaml);
    HarException e = catchThrowableOfType(HarException.class, () -> Policy.load(p));
    assertThat(e).as("expected a HarException").isNotNull();
    assertThat(e.getMessage()).startsWith(p + ": ").doesNotContain("\n");
    return e;
  }

  @Test
  void resolve_builtInNamesAndFiles() throws IOException {
    assertThat(Policy.resolve("default").name()).isEqualTo("default");
    assertThat(Policy.resolve("STRICT").name()).isEqualTo("strict");
    Path p = write("extends: strict\n");
    assertThat(Policy.resolve(p.toString()).name()).isEqualTo(p.toString());
  }

  @Test
  void userPolicy_addsNamesHeadersPatternsAndKeepsNames() throws IOException {
    Path p = write("""
        extends: default
        names:
          token: [x_acme_session]
        headers:
          api-token: [X-Acme-Key]
        keepNames: [state]
        patterns:
          - {kind: acme-key, regex: 'acme_[A-Za-z0-9]{16}'}
        """);
    Policy policy = Policy.load(p);
    ObjectNode req = request("GET", "https://x.example/?x-acme-session=FAKEsess&state=FAKEst4te99Z");
    header(req, "X-Acme-Key", "FAKEkey");
    header(req, "X-Note", "see acme_ABCDEFGHijklmnop please");
    Hars.Result r = one(req, response(200), policy);
    assertThat(r.request().path("url").asText())
        .matches("https://x\\.example/\\?x-acme-session=REDACTED-token-[0-9a-f]{12}&state=FAKEst4te99Z");
    assertThat(r.requestHeader("X-Acme-Key")).matches("REDACTED-api-token-[0-9a-f]{12}");
    assertThat(r.requestHeader("X-Note")).matches("see REDACTED-acme-key-[0-9a-f]{12} please");
  }

  @Test
  void userPolicy_removeNamesAndPatterns_turnsRulesOff() throws IOException {
    Policy policy = Policy.load(write("removeNames: [code]\nremovePatterns: [aws-access-key]\n"));
    ObjectNode req = request("GET", "https://x.example/cb?code=FAKEc0de99xY");
    header(req, "X-Note", "AKIAFAKEFAKEFAKE1234");
    Hars.Result r = one(req, response(200), policy);
    assertThat(r.request().path("url").asText()).isEqualTo("https://x.example/cb?code=FAKEc0de99xY");
    assertThat(r.requestHeader("X-Note")).isEqualTo("AKIAFAKEFAKEFAKE1234");
  }

  @Test
  void strictPolicy_redactsIdentifiersEmailsAndUnlistedHeaders() {
    ObjectNode req = request("GET", "https://x.example/?username=alice&page=2");
    query(req, "client_id", "0oaFAKEclient");
    header(req, "X-Custom", "something");
    header(req, "Accept", "text/html");
    Hars.Result r = one(req, Hars.body(response(200), "text/plain", "contact alice@example.com now"), Policy.strict());
    assertThat(r.request().path("url").asText()).matches("https://x\\.example/\\?username=REDACTED-identifier-[0-9a-f]{12}&page=2");
    assertThat(r.param("queryString", "client_id")).matches("REDACTED-identifier-[0-9a-f]{12}");
    assertThat(r.requestHeader("X-Custom")).matches("REDACTED-header-value-[0-9a-f]{12}");
    assertThat(r.requestHeader("Accept")).isEqualTo("text/html");
    assertThat(r.response().path("content").path("text").asText()).matches("contact REDACTED-email-[0-9a-f]{12} now");
  }

  @Test
  void defaultPolicy_keepsEmailsAndIdentifiers() {
    ObjectNode req = request("GET", "https://x.example/?username=alice&client_id=0oaFAKE");
    Hars.Result r = one(req, Hars.body(response(200), "text/plain", "contact alice@example.com now"));
    assertThat(r.request().path("url").asText()).isEqualTo("https://x.example/?username=alice&client_id=0oaFAKE");
    assertThat(r.response().path("content").path("text").asText()).isEqualTo("contact alice@example.com now");
  }

  @Test
  void unknownKey_namesKeyAndLine() throws IOException {
    HarException e = loadFails("extends: default\nnames:\n  token: [a]\nnmes: [b]\n");
    assertThat(e.getMessage()).startsWith(dir.resolve("policy.yaml") + ": line 4, column 1: unknown key 'nmes'");
    assertThat(e.line()).isEqualTo(4);
  }

  @Test
  void wrongType_namesKeyAndLine() throws IOException {
    HarException e = loadFails("extends: default\n\nnames: password\n");
    assertThat(e.getMessage()).endsWith("line 3, column 8: names: expected a mapping of kind to a list of names");
    HarException b = loadFails("emails: sometimes\n");
    assertThat(b.getMessage()).endsWith("line 1, column 9: emails: expected true or false");
  }

  @Test
  void badRegex_namesPatternAndLine() throws IOException {
    HarException e = loadFails("patterns:\n  - kind: acme\n    regex: 'acme_(['\n");
    assertThat(e.getMessage()).matches(".*: line 3, column 12: patterns\\[0]\\.regex: invalid regular expression \\(.+\\)");
  }

  @Test
  void badKindAndBadExtends_areRejected() throws IOException {
    assertThat(loadFails("names:\n  Bad_Kind: [x]\n").getMessage())
        .contains("line 2, column 3: names: kind 'Bad_Kind' must be lowercase letters");
    assertThat(loadFails("extends: lenient\n").getMessage()).endsWith("line 1, column 1: extends: expected 'default' or 'strict'");
  }

  @Test
  void invalidYamlAndMissingFile_areReported() throws IOException {
    assertThat(loadFails("names: [unclosed\n").getMessage()).contains(": invalid YAML");
    Path missing = dir.resolve("nope.yaml");
    HarException e = catchThrowableOfType(HarException.class, () -> Policy.resolve(missing.toString()));
    assertThat(e.getMessage()).isEqualTo(missing + ": policy file not found");
  }

  @Test
  void nameNormalisation_matchesSpellingsNotLookalikes() {
    NameRules.Matcher m = Policy.defaults().names.matcher();
    for (String s : new String[] {"access_token", "access-token", "accessToken", "ACCESS_TOKEN", "access%5Ftoken",
        "access_token2", "user[password]", "client_secret", "X-API-Key", "SAMLResponse", "code", "new-password"}) {
      assertThat(m.kindOf(s)).as(s).isNotNull();
    }
    for (String s : new String[] {"tokenizer", "codec", "zipcode", "country_code", "author", "token_type",
        "nextPageToken", "statusCode", "passwordPolicy", "description", "keyword"}) {
      assertThat(m.kindOf(s)).as(s).isNull();
    }
  }
}
