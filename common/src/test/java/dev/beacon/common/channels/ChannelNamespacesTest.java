package dev.beacon.common.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChannelNamespacesTest {

  private final ChannelNamespace chat =
      ChannelNamespace.builder("chat").joinLeave(true).historySize(50).build();
  private final ChannelNamespaces namespaces = ChannelNamespaces.of(List.of(chat));

  @Test
  @DisplayName("a channel takes the rules of the namespace before its first colon")
  void byPrefix() {
    assertThat(namespaces.of("chat:room-1")).isEqualTo(chat);
    assertThat(namespaces.of("chat:a:b")).isEqualTo(chat);
  }

  @Test
  @DisplayName("a channel without a configured namespace takes the default rules")
  void fallsBack() {
    assertThat(namespaces.of("lobby")).isEqualTo(ChannelNamespace.DEFAULT);
    assertThat(namespaces.of("other:x")).isEqualTo(ChannelNamespace.DEFAULT);
    assertThat(namespaces.of(":x")).isEqualTo(ChannelNamespace.DEFAULT);
    assertThat(ChannelNamespaces.defaults().of("chat:x")).isEqualTo(ChannelNamespace.DEFAULT);
  }

  @Test
  @DisplayName("a namespace named \"\" replaces the default rules")
  void replacesDefault() {
    ChannelNamespace strict = ChannelNamespace.builder("").clientPublish(false).build();

    ChannelNamespaces configured = ChannelNamespaces.of(List.of(strict, chat));

    assertThat(configured.of("lobby")).isEqualTo(strict);
    assertThat(configured.defaultNamespace()).isEqualTo(strict);
    assertThat(configured.named()).containsExactly(chat);
  }

  @Test
  @DisplayName("two namespaces of one name are refused, naming it")
  void duplicate() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChannelNamespaces.of(List.of(chat, chat)))
        .withMessage("namespace 'chat' is configured twice; keep one");
  }

  @Test
  @DisplayName("the default namespace keeps today's behaviour")
  void defaultsAreToday() {
    ChannelNamespace d = ChannelNamespace.DEFAULT;

    assertThat(d.recovery()).isTrue();
    assertThat(d.presence()).isTrue();
    assertThat(d.clientPublish()).isTrue();
    assertThat(d.subscribeGrant()).isFalse();
    assertThat(d.joinLeave()).isFalse();
  }
}
