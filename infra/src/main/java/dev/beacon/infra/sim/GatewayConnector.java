package dev.beacon.infra.sim;

import dev.beacon.infra.bench.LoadStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;

/** Opens device connections to the gateway over the simulator's one client, counting failures. */
record GatewayConnector(Vertx vertx, WebSocketClient client, WebSocketConnectOptions options, LoadStats stats,
    Duration replyTimeout) {

  /** Call on the device's event loop: the connection's handlers run where it was opened. */
  Future<DeviceLink> connect() {
    return client.connect(options)
        .onFailure(failure -> stats.connectFailed())
        .map(socket -> new DeviceLink(vertx, socket, stats, replyTimeout));
  }
}
