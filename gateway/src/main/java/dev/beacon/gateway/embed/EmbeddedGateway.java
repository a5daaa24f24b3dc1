package dev.beacon.gateway.embed;

import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.gateway.ConnectionInfo;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.DeviceKeyOperations;
import dev.beacon.gateway.ServerOperations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A Beacon gateway running inside another Java application: the same WebSocket endpoints, protocol, limits and
 * Kafka pipeline as {@code beacon gateway}, plus listeners for connect, message and disconnect and calls to count,
 * list, send, broadcast, disconnect and stop. Start one with {@link #builder()}:
 *
 * <pre>{@code
 * EmbeddedGateway gateway = EmbeddedGateway.builder()
 *     .kafka(KafkaSettings.defaults("127.0.0.1:9092"))
 *     .port(8080).pathPrefix("/realtime").maxClients(10_000)
 *     .onConnect(c -> log.info("{} connected from {}", c.id(), c.remote()))
 *     .onMessage((c, text) -> log.info("{} sent {}", c.id(), text))
 *     .onDisconnect((c, code, reason) -> log.info("{} left with {}", c.id(), code))
 *     .start()
 *     .await();
 * }</pre>
 *
 * <p>The calls are cluster-wide: {@link #count()} and {@link #clients()} see the messaging clients of every
 * gateway on the same Kafka cluster (from {@code beacon.presence}, so they lag by the time presence takes to
 * travel), and {@link #send}, {@link #broadcast} and {@link #disconnect} reach a client wherever it is connected.
 * Listeners see this gateway's own connections only, on their event loops: they must not block. Thread-safe.
 */
public final class EmbeddedGateway {

  private final Gateway gateway;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private Future<Void> stopped;

  EmbeddedGateway(Gateway gateway, Vertx vertx, boolean ownsVertx) {
    this.gateway = gateway;
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
  }

  /** Options and listeners of a new embedded gateway. */
  public static EmbeddedGatewayBuilder builder() {
    return new EmbeddedGatewayBuilder();
  }

  /** The port the gateway listens on (resolved when {@code port(0)} asked for a free one). */
  public int port() {
    return gateway.port();
  }

  public String gatewayId() {
    return gateway.gatewayId();
  }

  /** Messaging clients connected across the cluster. */
  public int count() {
    return gateway.operations().count();
  }

  /** Messaging clients connected across the cluster, with gateway, remote address, rooms and connected-at. */
  public List<ClientPresent> clients() {
    return gateway.operations().clients();
  }

  /** This gateway's own connections (devices and messaging clients), with their handshake headers. */
  public List<ConnectionInfo> localConnections() {
    return gateway.connections().localConnections();
  }

  /** Sends {@code text} to one client as a {@code direct} message from {@code server}; only that client gets it. */
  public Future<Void> send(String clientId, String text) {
    return gateway.operations().send(clientId, text, ServerOperations.DEFAULT_SENDER);
  }

  /** Sends {@code text} to every client as a {@code broadcast} from {@code server}. */
  public Future<Void> broadcast(String text) {
    return gateway.operations().broadcast(text, null, ServerOperations.DEFAULT_SENDER);
  }

  /** Publishes {@code text} into {@code room} as a {@code chat} message from {@code server}. */
  public Future<Void> broadcast(String room, String text) {
    return gateway.operations().publish(room, text, ServerOperations.DEFAULT_SENDER);
  }

  /** Closes a client's connection with {@code code} (1000 or 3000-4999) and {@code reason}, wherever it is. */
  public Future<Void> disconnect(String clientId, int code, String reason) {
    return gateway.operations().disconnect(clientId, code, reason);
  }

  /**
   * Device keys: make ({@code create}), list, revoke. With Kafka they are the cluster's ({@code beacon.device-keys});
   * without, they live in this process until it stops.
   */
  public DeviceKeyOperations deviceKeys() {
    return gateway.operations().deviceKeys();
  }

  /**
   * Stops gracefully: readiness fails, clients are closed with 1001 over the drain window, replies still owed are
   * written, the producer is flushed and closed; then the Vert.x instance, if the builder created it. Idempotent.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      stopped = gateway.stopGracefully()
          .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture());
    }
    return stopped;
  }
}
