package dev.beacon.gateway;

/**
 * What the connections of one event loop share, built once by its {@link GatewayVerticle}: handed to every
 * {@link ClientSession} it accepts. Touched on that event loop only.
 *
 * @param config     the gateway's settings
 * @param gps        the GPS path (CSV and JSON fixes)
 * @param json       the JSON message dispatch
 * @param heartbeats the server pings of this loop's connections
 * @param directory  this loop's messaging clients, for delivery
 * @param presence   where sessions say who they are
 * @param hub        the process's connections
 * @param metrics    the gateway's meters
 */
record SessionParts(GatewayConfig config, GpsIntake gps, JsonMessageRouter json, HeartbeatSweep heartbeats,
    LocalDirectory directory, PresencePublisher presence, ConnectionHub hub, GatewayMetrics metrics) {
}
