package dev.beacon.gateway.messaging;

import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.protocol.ClientRequest;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.RawJson;
import dev.beacon.common.protocol.ServerMessages;

/**
 * What a channel's namespace refuses a client (docs/protocol.md, "Channel namespaces"): a publish
 * where clients may not publish ({@code publish_not_allowed}), a payload above the namespace's
 * limit ({@code payload_too_large}), a subscribe without the token grant the namespace requires
 * ({@code forbidden}), a {@code since} where recovery is off ({@code recovery_not_allowed}), a
 * presence query where presence is off ({@code presence_not_allowed}). Broadcasts and direct
 * messages name no channel: they follow the default namespace's payload limit. The server API is
 * not checked here: it may publish anywhere.
 */
public final class NamespaceRules {

  private final ChannelNamespaces namespaces;

  public NamespaceRules(ChannelNamespaces namespaces) {
    this.namespaces = namespaces;
  }

  /** The error frame refusing {@code request} from {@code client}, or null when it may go on. */
  public String refusal(ClientRequest request, MessagingClient client) {
    if (request instanceof ClientRequest.Chat chat) {
      ChannelNamespace ns = namespaces.of(chat.room());
      if (!ns.clientPublish()) {
        return ServerMessages.error(
            chat.id(),
            ErrorCode.PUBLISH_NOT_ALLOWED.code(),
            "clients may not publish to channel '"
                + chat.room()
                + "' (namespace '"
                + ns.name()
                + "' has clientPublish off); publish through the server API");
      }
      return tooLarge(chat.id(), ns, chat.content(), chat.data());
    } else if (request instanceof ClientRequest.Broadcast b) {
      return tooLarge(b.id(), namespaces.defaultNamespace(), b.message(), b.data());
    } else if (request instanceof ClientRequest.Direct d) {
      return tooLarge(d.id(), namespaces.defaultNamespace(), d.content(), d.data());
    } else if (request instanceof ClientRequest.Subscribe s) {
      return subscribeRefusal(s, client);
    } else if (request instanceof ClientRequest.Presence p && !namespaces.of(p.room()).presence()) {
      return ServerMessages.error(
          p.id(),
          ErrorCode.PRESENCE_NOT_ALLOWED.code(),
          "channel '"
              + p.room()
              + "' does not answer presence (namespace '"
              + namespaces.of(p.room()).name()
              + "' has presence off)");
    }
    return null;
  }

  private String subscribeRefusal(ClientRequest.Subscribe s, MessagingClient client) {
    ChannelNamespace ns = namespaces.of(s.room());
    if (ns.subscribeGrant() && !client.guard().hasGrantFor(s.room())) {
      return ServerMessages.error(
          s.id(),
          ErrorCode.FORBIDDEN.code(),
          "channel '"
              + s.room()
              + "' needs a grant to subscribe (namespace '"
              + ns.name()
              + "' has subscribeGrant on); connect with a token whose rooms claim includes it");
    }
    if (s.since() != null && !ns.recovery()) {
      return ServerMessages.error(
          s.id(),
          ErrorCode.RECOVERY_NOT_ALLOWED.code(),
          "channel '"
              + s.room()
              + "' keeps no positions to recover from (namespace '"
              + ns.name()
              + "' has recovery off); subscribe without since");
    }
    return null;
  }

  private static String tooLarge(Object id, ChannelNamespace ns, String text, String data) {
    int limit = ns.maxPayloadBytes();
    int size =
        (text == null ? 0 : RawJson.utf8Length(text))
            + (data == null ? 0 : RawJson.utf8Length(data));
    if (size <= limit) {
      return null;
    }
    return ServerMessages.error(
        id,
        ErrorCode.PAYLOAD_TOO_LARGE.code(),
        "the message's payload is "
            + size
            + " bytes, more than the "
            + limit
            + " its namespace ('"
            + ns.name()
            + "') allows (maxPayloadBytes); send less, or split it");
  }
}
