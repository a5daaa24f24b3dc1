package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Replies on /chat are always JSON")
class ChatPathRepliesTest {

  static final String LINE = "32,1681593747,44.8159745,20.4601243";

  @Test
  @DisplayName(
      "a device line or other text on /chat gets the invalid_json error object; on / it is still a fix")
  void textThatIsNotJson(Vertx vertx) throws Exception {
    Gateway gateway =
        TestGateways.deployMessaging(vertx, TestGateways.config(), new InMemoryMessageSink());
    TestClient chat = TestClient.connect(vertx, gateway.port(), "/chat");
    assertThat(chat.nextJson().getString("type")).isEqualTo("welcome");
    for (String text : new String[] {LINE, "hello", "", "[1,2]"}) {
      chat.send(text);
      JsonObject reply = chat.nextJson();
      assertThat(reply.getString("type")).as("reply to '%s'", text).isEqualTo("error");
      assertThat(reply.getString("code")).as("reply to '%s'", text).isEqualTo("invalid_json");
    }
    chat.send("{\"type\":\"ping\",\"id\":7}");
    assertThat(chat.nextJson().getString("type")).isEqualTo("pong");

    TestClient device = TestClient.connect(vertx, gateway.port(), "/");
    device.send(LINE);
    assertThat(device.next()).isEqualTo("OK");
  }
}
