package dev.beacon.common.channels;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured namespaces, looked up by channel name: {@code chat:room-1} follows namespace
 * {@code chat} if one is configured, else the default namespace. A channel without {@code :}
 * follows the default namespace. Immutable; built once at start-up from configuration.
 */
public final class ChannelNamespaces {

  private final ChannelNamespace defaults;
  private final Map<String, ChannelNamespace> byName;

  private ChannelNamespaces(ChannelNamespace defaults, Map<String, ChannelNamespace> byName) {
    this.defaults = defaults;
    this.byName = byName;
  }

  /** Only the default namespace, with today's rules. */
  public static ChannelNamespaces defaults() {
    return new ChannelNamespaces(ChannelNamespace.DEFAULT, Map.of());
  }

  /**
   * The given namespaces; one named {@code ""} replaces the default rules.
   *
   * @throws IllegalArgumentException when two namespaces share a name, saying which
   */
  public static ChannelNamespaces of(Collection<ChannelNamespace> namespaces) {
    ChannelNamespace defaults = ChannelNamespace.DEFAULT;
    Map<String, ChannelNamespace> byName = new LinkedHashMap<>();
    for (ChannelNamespace namespace : namespaces) {
      if (namespace.isDefault()) {
        defaults = namespace;
      } else if (byName.putIfAbsent(namespace.name(), namespace) != null) {
        throw new IllegalArgumentException(
            "namespace '" + namespace.name() + "' is configured twice; keep one");
      }
    }
    return new ChannelNamespaces(defaults, Collections.unmodifiableMap(byName));
  }

  /** The rules of {@code channel}. */
  public ChannelNamespace of(String channel) {
    int colon = channel.indexOf(':');
    if (colon <= 0 || byName.isEmpty()) {
      return defaults;
    }
    ChannelNamespace namespace = byName.get(channel.substring(0, colon));
    return namespace == null ? defaults : namespace;
  }

  /** The default namespace's rules. */
  public ChannelNamespace defaultNamespace() {
    return defaults;
  }

  /** The named namespaces, in configuration order (the default not included). */
  public Collection<ChannelNamespace> named() {
    return byName.values();
  }
}
