package dev.beacon.gateway.trackers;

import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.Counter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code beacon_tracker_fixes_total{gateway,listener,outcome}}: every fix a tracker listener was
 * sent, by listener ({@code osmand}, {@code traccar_json}, {@code owntracks_http}, {@code
 * owntracks_mqtt}, {@code beacon_mqtt}) and outcome ({@code accepted}, or the error code it was
 * refused with). Counters are made on first use: the outcomes are the catalogue's codes, a bounded
 * set.
 */
public final class TrackerMetrics {

  public static final String ACCEPTED = "accepted";

  private static final Map<String, TrackerMetrics> BY_GATEWAY = new ConcurrentHashMap<>();

  private final String gatewayId;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private TrackerMetrics(String gatewayId) {
    this.gatewayId = gatewayId;
  }

  /** The one instance of {@code gatewayId} in this process. */
  public static TrackerMetrics of(String gatewayId) {
    return BY_GATEWAY.computeIfAbsent(gatewayId, TrackerMetrics::new);
  }

  /**
   * {@code beacon_tracker_connections_refused_total{gateway,listener,reason}}: MQTT connections
   * refused at CONNECT ({@code bad_credentials}, {@code not_authorized}, {@code protocol_version}).
   */
  public void connectionRefused(String listener, String reason) {
    counters
        .computeIfAbsent(
            "refused\n" + listener + '\n' + reason,
            k ->
                Counter.builder("beacon_tracker_connections_refused_total")
                    .tags("gateway", gatewayId, "listener", listener, "reason", reason)
                    .description("Tracker connections refused at CONNECT, by listener and reason")
                    .register(BeaconMetrics.registry()))
        .increment();
  }

  public void count(String listener, String outcome) {
    counters
        .computeIfAbsent(
            listener + '\n' + outcome,
            k ->
                Counter.builder("beacon_tracker_fixes_total")
                    .tags("gateway", gatewayId, "listener", listener, "outcome", outcome)
                    .description(
                        "Fixes sent to a tracker listener (HTTP or MQTT), by listener and outcome"
                            + " (accepted, or the error code of the refusal)")
                    .register(BeaconMetrics.registry()))
        .increment();
  }
}
