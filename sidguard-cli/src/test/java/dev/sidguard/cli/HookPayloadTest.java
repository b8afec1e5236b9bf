package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sidguard.detect.OktaEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HookPayloadTest {
  private static final String E1 = "{\"uuid\":\"u-1\",\"published\":\"2024-08-13T15:58:20.353Z\","
      + "\"eventType\":\"user.session.start\",\"actor\":{\"alternateId\":\"a@example.com\"}}";
  private static final String E2 = "{\"uuid\":\"u-2\",\"published\":\"2024-08-13T15:58:21.000Z\","
      + "\"eventType\":\"user.authentication.sso\"}";

  @Test
  void parse_eventsAmongOtherFields_readInOrderWithDetectsReader() throws Exception {
    String body = "{\"eventType\":\"com.okta.event_hook\",\"events\":[{\"uuid\":\"not-this\"}],"
        + "\"data\":{\"before\":{\"events\":[1]},\"events\":[\n" + E1 + ",\n" + E2 + "\n],\"after\":[]},\"eventId\":\"x\"}";
    HookPayload.Batch b = HookPayload.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(b.events()).extracting(OktaEvent::uuid).containsExactly("u-1", "u-2");
    assertThat(b.events().get(0).eventType()).isEqualTo("user.session.start");
    assertThat(b.events().get(0).user()).isEqualTo("a@example.com");
    assertThat(b.malformed()).isZero();
  }

  @Test
  void parse_arrayElementThatIsNotAnEvent_countedMalformedOthersKept() throws Exception {
    String body = "{\"data\":{\"events\":[" + E1 + ",42," + E2 + "]}}";
    HookPayload.Batch b = HookPayload.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(b.events()).extracting(OktaEvent::uuid).containsExactly("u-1", "u-2");
    assertThat(b.malformed()).isEqualTo(1);
  }

  @Test
  void parse_multibyteTextBeforeTheArray_sliceStillExact() throws Exception {
    String body = "{\"source\":\"Zürich – 東京\",\"data\":{\"note\":\"ünïcødé\",\"events\":[" + E2 + "]}}";
    HookPayload.Batch b = HookPayload.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(b.events()).extracting(OktaEvent::uuid).containsExactly("u-2");
  }

  @Test
  void parse_badDeliveries_reasonNamesPositionNotContent() {
    assertThatThrownBy(() -> HookPayload.parse("{\"data\":{\"events\":[{\"password\":hunter2}]}}"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(HookPayload.Invalid.class)
        .hasMessage("malformed JSON at line 1, column 32");
    assertThatThrownBy(() -> HookPayload.parse("{\"data\":{\"events\":\"[]\"}}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("no data.events array");
    assertThatThrownBy(() -> HookPayload.parse("{\"data\":{}}\n\n[".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("data after the JSON object at line 3, column 1");
  }
}
