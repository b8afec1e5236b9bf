package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchlistTest {
  private static final String SHA = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

  @Test
  void read_parsesRequiredAndOptionalFields() throws Exception {
    Watchlist w = Watchlist.read(new StringReader(
        "{\"sha256\":\"" + SHA + "\",\"kind\":\"okta-session-cookie\",\"name\":\"sid\",\"tenant\":\"acme.okta.com\","
            + "\"user\":\"Admin@Acme.com\",\"har\":\"case.har\",\"exposedFrom\":\"2023-09-28T10:00:00Z\","
            + "\"future\":1}\n\n"), "w.jsonl");
    assertThat(w.entries()).hasSize(1);
    Watchlist.Entry e = w.entries().get(0);
    assertThat(e.sha256()).isEqualTo(SHA.toLowerCase());
    assertThat(e.exposedTo()).isEqualTo(Instant.parse("2023-09-28T10:00:00Z"));
    assertThat(e.expiresAt()).isNull();
    assertThat(w.byUser("admin@acme.com")).containsExactly(e);
  }

  @Test
  void errors_nameFileLineAndField() {
    assertError("{\"kind\":\"x\",\"exposedFrom\":\"2023-09-28T10:00:00Z\"}", "w.jsonl: line 1: sha256: missing or not 64 hex digits");
    assertError("\n{\"sha256\":\"" + SHA + "\",\"exposedFrom\":\"2023-09-28T10:00:00Z\"}", "w.jsonl: line 2: kind: missing");
    assertError("{\"sha256\":\"" + SHA + "\",\"kind\":\"x\",\"exposedFrom\":\"yesterday\"}",
        "w.jsonl: line 1: exposedFrom: \"yesterday\" is not an ISO-8601 time");
    assertError("not json", "w.jsonl: line 1: not a JSON object");
  }

  private static void assertError(String text, String message) {
    assertThatThrownBy(() -> Watchlist.read(new StringReader(text), "w.jsonl"))
        .isInstanceOf(DetectException.class).hasMessage(message);
  }
}
