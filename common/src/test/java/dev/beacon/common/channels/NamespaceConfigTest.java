package dev.beacon.common.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The namespaces file")
class NamespaceConfigTest {

  @Test
  @DisplayName("sets the named fields of each namespace over Beacon's built-in rules")
  void readsNamespaces() {
    ChannelNamespaces ns =
        NamespaceConfig.parse(
            """
            {"default": {"maxPayloadBytes": 1000},
             "namespaces": {
               "chat": {"historySize": 100, "historyTtl": "1h", "joinLeave": true},
               "feed": {"clientPublish": false, "recovery": false, "presence": false},
               "private": {"subscribeGrant": true, "historyTtl": "PT30S",
                           "proxySubscribe": true, "proxyPublish": true}}}
            """,
            "test");

    assertThat(ns.defaultNamespace().maxPayloadBytes()).isEqualTo(1000);
    assertThat(ns.of("lobby").maxPayloadBytes()).isEqualTo(1000);
    ChannelNamespace chat = ns.of("chat:room-1");
    assertThat(chat.historySize()).isEqualTo(100);
    assertThat(chat.historyTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(chat.joinLeave()).isTrue();
    assertThat(chat.maxPayloadBytes()).isEqualTo(ChannelNamespace.DEFAULT.maxPayloadBytes());
    ChannelNamespace feed = ns.of("feed:prices");
    assertThat(feed.clientPublish()).isFalse();
    assertThat(feed.recovery()).isFalse();
    assertThat(feed.presence()).isFalse();
    ChannelNamespace secret = ns.of("private:x");
    assertThat(secret.subscribeGrant()).isTrue();
    assertThat(secret.historyTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(secret.proxySubscribe()).isTrue();
    assertThat(secret.proxyPublish()).isTrue();
    assertThat(ns.named())
        .extracting(ChannelNamespace::name)
        .containsExactly("chat", "feed", "private");
  }

  @Test
  @DisplayName("an empty object is the default namespace alone, with today's rules")
  void emptyIsDefaults() {
    ChannelNamespaces ns = NamespaceConfig.parse("{}", "test");
    assertThat(ns.defaultNamespace()).isEqualTo(ChannelNamespace.DEFAULT);
    assertThat(ns.named()).isEmpty();
  }

  @Test
  @DisplayName("names the namespace and the field of a value of the wrong type")
  void wrongType() {
    assertThatThrownBy(
            () ->
                NamespaceConfig.parse(
                    "{\"namespaces\":{\"feed\":{\"clientPublish\":\"no\"}}}", "f.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f.json")
        .hasMessageContaining("namespace 'feed', field 'clientPublish'")
        .hasMessageContaining("expected true or false, got \"no\"");
    assertThatThrownBy(
            () -> NamespaceConfig.parse("{\"namespaces\":{\"chat\":{\"historySize\":-1}}}", "f"))
        .hasMessageContaining("namespace 'chat', field 'historySize'")
        .hasMessageContaining("at least 0");
    assertThatThrownBy(() -> NamespaceConfig.parse("{\"default\":{\"maxPayloadBytes\":0}}", "f"))
        .hasMessageContaining("the default namespace, field 'maxPayloadBytes'");
    assertThatThrownBy(
            () ->
                NamespaceConfig.parse("{\"namespaces\":{\"chat\":{\"historyTtl\":\"soon\"}}}", "f"))
        .hasMessageContaining("namespace 'chat', field 'historyTtl'")
        .hasMessageContaining("\"soon\"");
    assertThatThrownBy(
            () -> NamespaceConfig.parse("{\"namespaces\":{\"chat\":{\"historySize\":1.5}}}", "f"))
        .hasMessageContaining("whole number");
  }

  @Test
  @DisplayName("refuses unknown fields, bad names and text that is not a JSON object")
  void refusesMistakes() {
    assertThatThrownBy(
            () -> NamespaceConfig.parse("{\"namespaces\":{\"chat\":{\"histroySize\":5}}}", "f"))
        .hasMessageContaining("namespace 'chat': unknown field 'histroySize'")
        .hasMessageContaining("historySize");
    assertThatThrownBy(() -> NamespaceConfig.parse("{\"namespace\":{}}", "f"))
        .hasMessageContaining("unknown top-level field 'namespace'");
    assertThatThrownBy(() -> NamespaceConfig.parse("{\"namespaces\":{\"a:b\":{}}}", "f"))
        .hasMessageContaining("namespace 'a:b'");
    assertThatThrownBy(() -> NamespaceConfig.parse("{\"namespaces\":{\"chat\":true}}", "f"))
        .hasMessageContaining("namespace 'chat': expected a JSON object");
    assertThatThrownBy(() -> NamespaceConfig.parse("[1]", "f"))
        .hasMessageContaining("f: is not a JSON object");
  }

  @Test
  @DisplayName("a file that cannot be read names itself and the setting")
  void missingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> NamespaceConfig.load(dir.resolve("nope.json")))
        .hasMessageContaining("nope.json")
        .hasMessageContaining("BEACON_NAMESPACES_FILE");
  }

  @Test
  @DisplayName("the example in distribution/ is valid")
  void exampleIsValid() throws Exception {
    Path example = Path.of("../distribution/namespaces.example.json");
    assertThat(Files.exists(example)).isTrue();
    ChannelNamespaces ns = NamespaceConfig.load(example);
    assertThat(ns.of("feed:x").clientPublish()).isFalse();
    assertThat(ns.of("private:x").subscribeGrant()).isTrue();
  }
}
