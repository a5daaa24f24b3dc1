package dev.beacon.gateway.metrics;

import dev.beacon.common.protocol.ClientMessages;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.runtime.metrics.BeaconMetrics;
import dev.beacon.runtime.timing.Hop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus series, every one tagged {@code gateway=<id>} (names and meanings in
 * {@code docs/operations.md}). One instance per gateway id in the process ({@link #of}), shared by
 * its verticles: meters are thread-safe, and the hot path only looks up counters resolved up front,
 * never builds tags per message.
 */
public final class GatewayMetrics {

  /** The {@code type} of a device's CSV line, which has none of its own. */
  static final String CSV = "csv";

  /** A frame that is not JSON or names no known type. */
  static final String INVALID = "invalid";

  /** A delivery from {@code beacon.deliveries}, encoded once and written to many sockets. */
  static final String DELIVERY = "delivery";

  /** A reply that none of the known types describes. */
  static final String OTHER = "other";

  private static final List<String> REPLY_TYPES =
      List.of(
          "welcome",
          "ack",
          "error",
          "pong",
          "chat",
          "broadcast",
          "broadcast_ack",
          "stats",
          "subscribed",
          "unsubscribed",
          "direct",
          "presence",
          "gps");

  /** A server message's {@code type} is always its first member: {@code {"type":"...}. */
  private static final String TYPE_PREFIX = "{\"type\":\"";

  private static final Map<String, GatewayMetrics> BY_GATEWAY = new ConcurrentHashMap<>();

  private final Map<String, AtomicLong> connections = new HashMap<>();
  private final Map<String, Counter> in = new HashMap<>();
  private final Map<String, Counter> out = new HashMap<>();
  private final Map<Short, Counter> closes = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final String gatewayId;
  private final Counter csvIn;
  private final Counter ok;
  private final Counter err;
  private final Counter deliveries;
  private final Timer ackLatency;
  private final Counter produceErrors;
  private final Counter slowConsumers;
  private final DistributionSummary queuedAtSlowClose;
  private final Counter fixesRefusedDevice;

  GatewayMetrics(MeterRegistry registry, String gatewayId) {
    this.registry = registry;
    this.gatewayId = gatewayId;
    Hop.registerAll();
    for (String kind : List.of(ConnectionKind.DEVICE, ConnectionKind.CHAT)) {
      AtomicLong count = new AtomicLong();
      connections.put(kind, count);
      Gauge.builder("beacon_gateway_connections", count, AtomicLong::get)
          .tags("gateway", gatewayId, "path", kind)
          .description("Open WebSocket connections, by the path they connected to")
          .register(registry);
    }
    this.csvIn = countIn(CSV);
    countIn(INVALID);
    countIn("gps");
    ClientMessages.TYPES.forEach(this::countIn);
    this.ok = countOut("ok");
    this.err = countOut("err");
    this.deliveries = countOut(DELIVERY);
    countOut(OTHER);
    REPLY_TYPES.forEach(this::countOut);
    this.ackLatency =
        Timer.builder("beacon_gateway_ack_latency_seconds")
            .tag("gateway", gatewayId)
            .description(
                "From handing a decoded fix to the Kafka producer to the broker's acknowledgement (acks=all)")
            .serviceLevelObjectives(
                ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000),
                ms(2500), ms(5000))
            .register(registry);
    this.produceErrors =
        Counter.builder("beacon_gateway_kafka_produce_errors_total")
            .tag("gateway", gatewayId)
            .description(
                "Fixes Kafka failed to acknowledge or did not acknowledge in time (answered kafka_unavailable)")
            .register(registry);
    this.slowConsumers =
        Counter.builder("beacon_gateway_slow_consumer_disconnects_total")
            .tag("gateway", gatewayId)
            .description(
                "Connections closed with "
                    + CloseCodes.SLOW_CONSUMER
                    + " because they did not read fast enough")
            .register(registry);
    this.queuedAtSlowClose =
        DistributionSummary.builder("beacon_gateway_slow_consumer_queued_bytes")
            .tag("gateway", gatewayId)
            .baseUnit("bytes")
            .description(
                "Bytes a connection held unread when it was closed with "
                    + CloseCodes.SLOW_CONSUMER
                    + ": at most BEACON_MAX_OUTBOUND_BYTES")
            .register(registry);
    this.fixesRefusedDevice =
        Counter.builder("beacon_gateway_fixes_refused_total")
            .tags("gateway", gatewayId, "reason", ErrorCode.DEVICE_NOT_PERMITTED.code())
            .description(
                "Fixes refused before Kafka because of who sent them, by reason (device_not_permitted: a device"
                    + " id the connection's key or token does not hold, or no identity where one is required)")
            .register(registry);
    closeCounter(CloseCodes.GOING_AWAY);
    closeCounter(CloseCodes.SLOW_CONSUMER);
  }

  /** The metrics of gateway {@code gatewayId} in the process registry, created on first use. */
  public static GatewayMetrics of(String gatewayId) {
    return BY_GATEWAY.computeIfAbsent(
        gatewayId, id -> new GatewayMetrics(BeaconMetrics.registry(), id));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private Counter countIn(String type) {
    Counter counter =
        Counter.builder("beacon_gateway_messages_in_total")
            .tags("gateway", gatewayId, "type", type)
            .description("Text messages received from clients, by type")
            .register(registry);
    in.put(type, counter);
    return counter;
  }

  private Counter countOut(String type) {
    Counter counter =
        Counter.builder("beacon_gateway_messages_out_total")
            .tags("gateway", gatewayId, "type", type)
            .description("Text messages written to clients, by type")
            .register(registry);
    out.put(type, counter);
    return counter;
  }

  private Counter closeCounter(short code) {
    return closes.computeIfAbsent(
        code,
        c ->
            Counter.builder("beacon_gateway_closes_total")
                .tags("gateway", gatewayId, "code", Short.toString(c))
                .description("Connections the gateway closed, by WebSocket close code")
                .register(registry));
  }

  public void connected(String kind) {
    connections.get(kind).incrementAndGet();
  }

  public void disconnected(String kind) {
    connections.get(kind).decrementAndGet();
  }

  public void csvIn() {
    csvIn.increment();
  }

  /** A JSON message of {@code type}, or {@link #INVALID} for null or an unknown type. */
  public void jsonIn(String type) {
    Counter counter = type == null ? null : in.get(type);
    (counter == null ? in.get(INVALID) : counter).increment();
  }

  /** A reply or a welcome written to one client, typed by its first bytes. */
  public void replyOut(String text) {
    if (text.startsWith("OK")) {
      ok.increment();
    } else if (text.startsWith("ERR")) {
      err.increment();
    } else {
      out.get(replyType(text)).increment();
    }
  }

  static String replyType(String text) {
    if (text.startsWith(TYPE_PREFIX)) {
      for (String type : REPLY_TYPES) {
        int end = TYPE_PREFIX.length() + type.length();
        if (text.startsWith(type, TYPE_PREFIX.length())
            && text.length() > end
            && text.charAt(end) == '"') {
          return type;
        }
      }
    }
    return OTHER;
  }

  public void deliveryOut() {
    deliveries.increment();
  }

  public void acknowledged(long nanos) {
    ackLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void produceFailed() {
    produceErrors.increment();
  }

  /** A fix for a device the connection does not hold: refused, never produced. */
  public void fixRefusedDevice() {
    fixesRefusedDevice.increment();
  }

  public void closed(short code) {
    closeCounter(code).increment();
    if (code == CloseCodes.SLOW_CONSUMER) {
      slowConsumers.increment();
    }
  }

  /**
   * What a connection closed with {@value CloseCodes#SLOW_CONSUMER} held unread: its queue at its
   * fullest.
   */
  public void queuedAtSlowClose(long bytes) {
    queuedAtSlowClose.record(bytes);
  }

  /** The largest queue a slow consumer reached, in bytes, over the last minutes. */
  public double slowCloseQueuedMax() {
    return queuedAtSlowClose.max();
  }

  public long slowCloseCount() {
    return queuedAtSlowClose.count();
  }

  /** Connections the gateway closed with {@code code} so far. */
  public long closes(short code) {
    return (long) closeCounter(code).count();
  }

  /** Which endpoint a connection came in on, as the {@code path} tag of the connection gauge. */
  public static final class ConnectionKind {
    static final String DEVICE = "device";
    static final String CHAT = "chat";

    private ConnectionKind() {}

    public static String of(boolean messagingPath) {
      return messagingPath ? CHAT : DEVICE;
    }
  }
}
