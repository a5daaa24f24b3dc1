package dev.beacon.common.channels;

import java.time.Duration;

/**
 * The rules a group of channels shares. A channel named {@code ns:rest} follows namespace {@code
 * ns} when one of that name is configured, and the default namespace (name {@code ""}) otherwise;
 * every gateway and the broadcaster read the same configuration, so they apply the same rules.
 *
 * @param name the namespace's name, the part of a channel before its first {@code :}; {@code ""}
 *     for the default namespace
 * @param historySize how many of a channel's latest messages history keeps and serves (0: none)
 * @param historyTtl how long a message stays in history
 * @param recovery whether a subscriber may resume from a position ({@code since}) after a gap
 * @param presence whether clients may ask who is subscribed
 * @param joinLeave whether subscribers receive an event when a client joins or leaves
 * @param clientPublish whether clients may publish (the server API always may)
 * @param subscribeGrant whether subscribing needs a grant in the client's token ({@code rooms} or
 *     {@code channels} claim) even when the token does not otherwise restrict rooms
 * @param maxPayloadBytes largest message payload ({@code data} as JSON text, or {@code content}),
 *     in UTF-8 bytes
 * @param proxySubscribe whether a subscribe is first asked of the application's backend
 * @param proxyPublish whether a publish is first asked of the application's backend
 */
public record ChannelNamespace(
    String name,
    int historySize,
    Duration historyTtl,
    boolean recovery,
    boolean presence,
    boolean joinLeave,
    boolean clientPublish,
    boolean subscribeGrant,
    int maxPayloadBytes,
    boolean proxySubscribe,
    boolean proxyPublish) {

  /** Name of the default namespace. */
  public static final String DEFAULT_NAME = "";

  /** The rules of a channel that names no configured namespace: Beacon's behaviour before them. */
  public static final ChannelNamespace DEFAULT =
      new ChannelNamespace(
          DEFAULT_NAME,
          1000,
          Duration.ofDays(1),
          true,
          true,
          false,
          true,
          false,
          65_536,
          false,
          false);

  public ChannelNamespace {
    if (name == null || historyTtl == null) {
      throw new IllegalArgumentException("namespace name and historyTtl must not be null");
    }
    if (historySize < 0) {
      throw new IllegalArgumentException(
          "namespace '" + name + "': history size must be 0 or more, got " + historySize);
    }
    if (historyTtl.isNegative()) {
      throw new IllegalArgumentException(
          "namespace '" + name + "': history TTL must not be negative, got " + historyTtl);
    }
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException(
          "namespace '" + name + "': max payload must be at least 1 byte, got " + maxPayloadBytes);
    }
  }

  public boolean isDefault() {
    return name.isEmpty();
  }

  public static Builder builder(String name) {
    return DEFAULT.toBuilder().name(name);
  }

  public Builder toBuilder() {
    return new Builder()
        .name(name)
        .historySize(historySize)
        .historyTtl(historyTtl)
        .recovery(recovery)
        .presence(presence)
        .joinLeave(joinLeave)
        .clientPublish(clientPublish)
        .subscribeGrant(subscribeGrant)
        .maxPayloadBytes(maxPayloadBytes)
        .proxySubscribe(proxySubscribe)
        .proxyPublish(proxyPublish);
  }

  /** Starts from another namespace's rules and changes some. */
  public static final class Builder {
    private String name;
    private int historySize;
    private Duration historyTtl;
    private boolean recovery;
    private boolean presence;
    private boolean joinLeave;
    private boolean clientPublish;
    private boolean subscribeGrant;
    private int maxPayloadBytes;
    private boolean proxySubscribe;
    private boolean proxyPublish;

    private Builder() {}

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder historySize(int value) {
      this.historySize = value;
      return this;
    }

    public Builder historyTtl(Duration value) {
      this.historyTtl = value;
      return this;
    }

    public Builder recovery(boolean value) {
      this.recovery = value;
      return this;
    }

    public Builder presence(boolean value) {
      this.presence = value;
      return this;
    }

    public Builder joinLeave(boolean value) {
      this.joinLeave = value;
      return this;
    }

    public Builder clientPublish(boolean value) {
      this.clientPublish = value;
      return this;
    }

    public Builder subscribeGrant(boolean value) {
      this.subscribeGrant = value;
      return this;
    }

    public Builder maxPayloadBytes(int value) {
      this.maxPayloadBytes = value;
      return this;
    }

    public Builder proxySubscribe(boolean value) {
      this.proxySubscribe = value;
      return this;
    }

    public Builder proxyPublish(boolean value) {
      this.proxyPublish = value;
      return this;
    }

    public ChannelNamespace build() {
      return new ChannelNamespace(
          name,
          historySize,
          historyTtl,
          recovery,
          presence,
          joinLeave,
          clientPublish,
          subscribeGrant,
          maxPayloadBytes,
          proxySubscribe,
          proxyPublish);
    }
  }
}
