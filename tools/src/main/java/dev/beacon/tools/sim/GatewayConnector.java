package dev.beacon.tools.sim;

import dev.beacon.client.BeaconSocket;
import dev.beacon.client.ClientOptions;
import dev.beacon.tools.bench.LoadStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;

/**
 * Opens device connections to the gateway through the client library, over the simulator's one
 * shared WebSocket client, counting failures. Devices neither ping nor reconnect, as the original
 * simulator.
 */
record GatewayConnector(
    Vertx vertx,
    WebSocketClient client,
    ClientOptions options,
    LoadStats stats,
    Duration replyTimeout) {

  /** Call on the device's event loop: the connection's handlers run where it was opened. */
  Future<DeviceLink> connect() {
    BeaconSocket socket = new BeaconSocket(vertx, client, options);
    return socket
        .connect()
        .onFailure(failure -> stats.connectFailed())
        .map(v -> new DeviceLink(vertx, socket, stats, replyTimeout));
  }
}
