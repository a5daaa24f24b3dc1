package dev.beacon.gateway.trackers;

import dev.beacon.common.gps.GpsLimits;
import dev.beacon.gateway.backend.FixSink;
import dev.beacon.gateway.gps.InFlightBudget;
import dev.beacon.gateway.security.GatewaySecurity;
import dev.beacon.runtime.http.HttpTimeouts;
import java.time.Duration;

/**
 * What the tracker listeners of one gateway process share with its WebSocket verticles, built once
 * by the gateway: the same sink, in-flight budget, reply timeout and security, so a fix taken over
 * HTTP or MQTT is held to exactly the promise of {@code /ws}.
 *
 * @param config the listeners' settings, their ports resolved
 * @param host the address they bind (the gateway's)
 * @param gatewayId stamped on every fix
 * @param limits the GPS limits every fix is validated against
 * @param sink where fixes go ({@code acks=all} on Kafka)
 * @param budget fixes awaiting the sink, process-wide ({@code BEACON_MAX_IN_FLIGHT_TOTAL})
 * @param replyTimeout how long a fix may wait for its ack before it is answered as not stored
 * @param security the credentials' checks ({@link GatewaySecurity#deviceAccess}), TLS, header and
 *     per-address limits
 * @param http the idle and header-read timeouts of every gateway HTTP server ({@code
 *     BEACON_HTTP_IDLE_TIMEOUT}, {@code BEACON_HTTP_HEADER_TIMEOUT})
 */
public record TrackerParts(
    TrackerConfig config,
    String host,
    String gatewayId,
    GpsLimits limits,
    FixSink sink,
    InFlightBudget budget,
    Duration replyTimeout,
    GatewaySecurity security,
    HttpTimeouts http) {}
