package dev.beacon.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.protocol.CloseCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The backend's answers, read as Centrifugo's proxy responses")
class ProxyReplyTest {

  @Test
  @DisplayName("a result allows, with its fields")
  void result() {
    ProxyReply reply = ProxyReply.parse(200, "{\"result\":{\"data\":[1,2]}}");
    assertThat(reply.outcome()).isEqualTo(ProxyReply.Outcome.ALLOW);
    assertThat(reply.result().getJsonArray("data")).isEqualTo(new JsonArray().add(1).add(2));
  }

  @Test
  @DisplayName("an error denies with its code and message; a disconnect with its code and reason")
  void refusals() {
    ProxyReply error = ProxyReply.parse(200, "{\"error\":{\"code\":403,\"message\":\"no\"}}");
    assertThat(error.denied()).isTrue();
    assertThat(error.errorCode()).isEqualTo(403);
    assertThat(error.message()).isEqualTo("no");
    assertThat(new HookVerdict(ProxyHook.SUBSCRIBE, error).errorFrame(5))
        .isEqualTo(
            new JsonObject()
                .put("type", "error")
                .put("id", 5)
                .put("code", "proxy_refused")
                .put("message", "the application refused this subscribe: no")
                .put("app_code", 403)
                .encode());

    ProxyReply disconnect =
        ProxyReply.parse(200, "{\"disconnect\":{\"code\":4501,\"reason\":\"unauthorized\"}}");
    assertThat(disconnect.denied()).isTrue();
    assertThat(HookVerdict.connectCloseCode(disconnect)).isEqualTo((short) 4501);
    assertThat(HookVerdict.connectCloseReason(disconnect)).isEqualTo("unauthorized");
    assertThat(HookVerdict.connectCloseCode(error)).isEqualTo(CloseCodes.PROXY_REFUSED);
  }

  @Test
  @DisplayName(
      "anything else is an error the gateway treats as the backend being down: a status not 2xx,"
          + " not JSON, no known member, a disconnect code outside 4000-4999")
  void failures() {
    for (ProxyReply reply :
        List.of(
            ProxyReply.parse(500, "{\"result\":{}}"),
            ProxyReply.parse(200, "not json"),
            ProxyReply.parse(200, "[1]"),
            ProxyReply.parse(200, "{}"),
            ProxyReply.parse(200, "{\"error\":{\"message\":\"no code\"}}"),
            ProxyReply.parse(200, "{\"disconnect\":{\"code\":1000}}"))) {
      assertThat(reply.outcome()).as(reply.toString()).isEqualTo(ProxyReply.Outcome.ERROR);
      assertThat(HookVerdict.connectCloseCode(reply)).isEqualTo(CloseCodes.PROXY_UNAVAILABLE);
      assertThat(
              new JsonObject(new HookVerdict(ProxyHook.PUBLISH, reply).errorFrame(null))
                  .getString("code"))
          .isEqualTo("proxy_unavailable");
    }
  }

  @Test
  @DisplayName("a connect result gives user, info, channels and expiry, and refuses bad ones")
  void connectResult() {
    ConnectResult result =
        ConnectResult.from(
            new JsonObject()
                .put("user", "u-56")
                .put("info", new JsonObject().put("name", "Ann"))
                .put("channels", new JsonArray().add("news:1").add("lobby"))
                .put("expire_at", 1_900_000_000L));
    assertThat(result)
        .isEqualTo(
            new ConnectResult(
                "u-56",
                new JsonObject().put("name", "Ann"),
                List.of("news:1", "lobby"),
                1_900_000_000L));
    assertThat(ConnectResult.from(new JsonObject()))
        .isEqualTo(new ConnectResult("", null, List.of(), 0));
    assertThatThrownBy(() -> ConnectResult.from(new JsonObject().put("user", "a b")))
        .hasMessageContaining("'user'");
    assertThatThrownBy(
            () -> ConnectResult.from(new JsonObject().put("channels", new JsonArray().add(""))))
        .hasMessageContaining("'channels'");
    assertThatThrownBy(() -> ConnectResult.from(new JsonObject().put("expire_at", "soon")))
        .hasMessageContaining("'expire_at'");
  }

  @Test
  @DisplayName("requests carry Centrifugo's common fields, user and info after connect")
  void requests() {
    assertThat(ProxyRequests.connect("c1", "/chat", "127.0.0.1:5000"))
        .isEqualTo(
            new JsonObject()
                .put("client", "c1")
                .put("transport", "websocket")
                .put("protocol", "json")
                .put("encoding", "json")
                .put("path", "/chat")
                .put("remote", "127.0.0.1:5000"));
    JsonObject publish =
        ProxyRequests.publish("c1", null, new JsonObject().put("r", 1), "ch", new JsonArray());
    assertThat(publish.getString("user")).isEmpty();
    assertThat(publish.getJsonObject("info")).isEqualTo(new JsonObject().put("r", 1));
    assertThat(publish.getString("channel")).isEqualTo("ch");
    assertThat(publish.getJsonArray("data")).isEmpty();
    assertThat(ProxyRequests.refresh("c1", "u", null, null).containsKey("token")).isFalse();
  }
}
