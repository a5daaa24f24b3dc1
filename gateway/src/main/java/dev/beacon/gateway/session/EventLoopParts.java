package dev.beacon.gateway.session;

import dev.beacon.gateway.backend.ClusterPresence;
import dev.beacon.gateway.dispatch.JsonMessageRouter;
import dev.beacon.gateway.gps.GpsIntake;
import dev.beacon.gateway.messaging.LocalDirectory;
import dev.beacon.gateway.messaging.MessagingClient;
import dev.beacon.gateway.metrics.GatewayMetrics;

/**
 * What the connections of one event loop share, built once by its verticle and handed to every
 * {@link ClientSession} it accepts. Touched on that event loop only.
 *
 * @param gatewayId the gateway's id, in every {@code welcome} and presence record
 * @param maxInFlight frames one connection may have awaiting replies ({@code
 *     maxInFlightPerConnection})
 * @param limits what one messaging client may make the gateway hold
 * @param gps the GPS path (CSV and JSON fixes)
 * @param json the JSON message dispatch
 * @param pings the server pings of this loop's connections
 * @param directory this loop's messaging clients, for delivery
 * @param presence where sessions say who they are
 * @param hub the process's connections
 * @param metrics the gateway's meters
 */
public record EventLoopParts(
    String gatewayId,
    int maxInFlight,
    MessagingClient.Limits limits,
    GpsIntake gps,
    JsonMessageRouter json,
    PingSweep pings,
    LocalDirectory directory,
    ClusterPresence presence,
    ConnectionHub hub,
    GatewayMetrics metrics) {}
