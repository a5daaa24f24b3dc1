package dev.beacon.gateway.proxy;

import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.gateway.edge.ClientSocket;
import dev.beacon.gateway.security.SessionGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway asks the application's backend, and when (docs/proxy.md): one per gateway
 * process, shared by its event loops. Each hook is on when its URL is set; subscribe and publish
 * only for channels whose namespace turns them on ({@code proxySubscribe}, {@code proxyPublish}).
 * With every hook off (the default) nothing is asked and no HTTP client exists.
 */
public final class BackendHooks {

  private static final Logger log = LoggerFactory.getLogger(BackendHooks.class);

  /** RFC 6455 limits a close reason to 123 bytes of UTF-8. */
  private static final int MAX_CLOSE_REASON_BYTES = 123;

  private final ProxyConfig config;
  private final ChannelNamespaces namespaces;
  private final ProxyClient client;

  private BackendHooks(ProxyConfig config, ChannelNamespaces namespaces, ProxyClient client) {
    this.config = config;
    this.namespaces = namespaces;
    this.client = client;
  }

  /** Every hook off. */
  public static BackendHooks off() {
    return new BackendHooks(ProxyConfig.defaults(), ChannelNamespaces.defaults(), null);
  }

  /** The hooks {@code config} turns on, with their HTTP client when any is. */
  public static BackendHooks create(
      Vertx vertx,
      ProxyConfig config,
      ChannelNamespaces namespaces,
      MeterRegistry registry,
      String gatewayId) {
    if (!config.anyEnabled()) {
      return new BackendHooks(config, namespaces, null);
    }
    log.info(
        "proxy hooks: connect {}, subscribe {}, publish {}, refresh {}; timeout {}, pool {}, "
            + "at most {} calls in flight, forwarding headers {}",
        describe(config.connectUrl()),
        describe(config.subscribeUrl()),
        describe(config.publishUrl()),
        describe(config.refreshUrl()),
        config.timeout(),
        config.poolSize(),
        config.maxInFlight(),
        config.forwardHeaders());
    return new BackendHooks(
        config, namespaces, new ProxyClient(vertx, config, registry, gatewayId));
  }

  private static String describe(String url) {
    return url.isEmpty() ? "off" : url;
  }

  /**
   * Asks the connect hook about a connection just upgraded, before its session starts: true to
   * start it (with what the backend changed in {@code guard}); false when it was refused, then the
   * socket is closed with the documented code and {@code release} runs once it has closed. Without
   * the hook, or for a connection with a JWT or device key, true at once.
   */
  public Future<Boolean> connect(ClientSocket socket, SessionGuard guard, Runnable release) {
    if (client == null) {
      return Future.succeededFuture(true);
    }
    if (!config.forwardHeaders().isEmpty()) {
      guard.forwarding(allowListed(socket.headers()));
    }
    if (!config.enabled(ProxyHook.CONNECT) || guard.identified()) {
      return Future.succeededFuture(true);
    }
    return client
        .call(
            ProxyHook.CONNECT,
            ProxyRequests.connect(guard.clientId(), socket.path(), socket.remoteAddress()),
            guard.forwardedHeaders())
        .map(reply -> admit(reply, socket, guard, release));
  }

  private static boolean admit(
      ProxyReply reply, ClientSocket socket, SessionGuard guard, Runnable release) {
    ProxyReply decided = reply;
    if (reply.allowed()) {
      try {
        ConnectResult result = ConnectResult.from(reply.result());
        guard.identifiedByBackend(
            result.user(), result.info(), result.channels(), result.expireAt());
        return true;
      } catch (IllegalArgumentException e) {
        log.warn("connect hook answered a result the gateway cannot use: {}", e.getMessage());
        decided = ProxyReply.failure(ProxyReply.Outcome.ERROR, e.getMessage());
      }
    }
    short code = HookVerdict.connectCloseCode(decided);
    String reason = HookVerdict.connectCloseReason(decided);
    log.debug(
        "connection from {} refused by the connect hook: {} {}",
        socket.remoteAddress(),
        code,
        reason);
    socket.start(new RefusedConnection(release));
    socket.close(code, truncate(reason));
    return false;
  }

  /** Whether a {@code subscribe} to {@code channel} is asked of the backend first. */
  public boolean subscribes(String channel) {
    return client != null
        && config.enabled(ProxyHook.SUBSCRIBE)
        && namespaces.of(channel).proxySubscribe();
  }

  public Future<HookVerdict> subscribe(SessionGuard guard, String channel) {
    return ask(
        ProxyHook.SUBSCRIBE,
        guard,
        ProxyRequests.subscribe(
            guard.clientId(), guard.verifiedSubject(), guard.backendInfo(), channel));
  }

  /** Whether a publish to {@code channel} is asked of the backend first. */
  public boolean publishes(String channel) {
    return client != null
        && config.enabled(ProxyHook.PUBLISH)
        && namespaces.of(channel).proxyPublish();
  }

  /** Asks about {@code data} (any JSON value) published to {@code channel}. */
  public Future<HookVerdict> publish(SessionGuard guard, String channel, Object data) {
    return ask(
        ProxyHook.PUBLISH,
        guard,
        ProxyRequests.publish(
            guard.clientId(), guard.verifiedSubject(), guard.backendInfo(), channel, data));
  }

  /**
   * Whether a {@code refresh} is asked of the backend: on a connection the connect hook identified
   * (a JWT connection's token is checked by the gateway itself).
   */
  public boolean refreshes(SessionGuard guard) {
    return client != null && config.enabled(ProxyHook.REFRESH) && guard.identifiedByBackend();
  }

  public Future<HookVerdict> refresh(SessionGuard guard, String token) {
    return ask(
        ProxyHook.REFRESH,
        guard,
        ProxyRequests.refresh(
            guard.clientId(), guard.verifiedSubject(), guard.backendInfo(), token));
  }

  private Future<HookVerdict> ask(
      ProxyHook hook, SessionGuard guard, io.vertx.core.json.JsonObject body) {
    return client
        .call(hook, body, guard.forwardedHeaders())
        .map(reply -> new HookVerdict(hook, reply));
  }

  private Map<String, List<String>> allowListed(Map<String, List<String>> headers) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (String name : config.forwardHeaders()) {
      String key = name.toLowerCase(Locale.ROOT);
      List<String> values = headers.get(key);
      if (values != null) {
        kept.put(key, values);
      }
    }
    return kept;
  }

  static String truncate(String reason) {
    String text = reason == null ? "" : reason;
    while (text.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  /** Closes the HTTP client, if any. */
  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
