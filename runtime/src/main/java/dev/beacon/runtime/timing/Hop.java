package dev.beacon.runtime.timing;

import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The hops of a chat message on its way to a room, each timed by the service that sees its end and
 * exposed as {@code beacon_fanout_hop_seconds{hop="<name>"}}: a histogram with fixed buckets from
 * 0.1 ms to 5 s, so that percentiles can be read from {@code /metrics} by Prometheus and by {@code
 * beacon bench fanout} alike.
 *
 * <p>Hops that cross processes subtract wall-clock stamps carried in record headers ({@link
 * TimingHeaders}); on one machine they are exact, across machines they include the clock offset
 * between them (keep NTP on).
 */
public enum Hop {
  /** The gateway received the frame; {@code beacon.messages} acknowledged the record (acks=all). */
  GATEWAY_PRODUCE(
      "gateway_produce", "gateway received the frame -> beacon.messages acknowledged it"),
  /** The gateway received the frame; the broadcaster polled the record. */
  BROADCASTER_POLL(
      "broadcaster_poll",
      "gateway received the frame -> broadcaster polled it from beacon.messages"),
  /**
   * The broadcaster polled the record; the transaction holding its deliveries committed. Off the
   * live path (gateways read deliveries uncommitted): it tells how stale the committed view of
   * {@code beacon.deliveries} is.
   */
  BROADCASTER_COMMIT(
      "broadcaster_commit",
      "broadcaster polled the message -> its transaction committed (off the " + "live path)"),
  /** The broadcaster routed the message; a gateway polled the delivery. */
  GATEWAY_POLL("gateway_poll", "broadcaster routed the message -> a gateway polled the delivery"),
  /** A gateway polled the delivery; the event loop of its recipients started on it. */
  EVENT_LOOP(
      "event_loop", "gateway polled the delivery -> an event loop of its recipients picked it up"),
  /** An event loop picked the delivery up; it was written to every local recipient's socket. */
  SOCKET_WRITE(
      "socket_write",
      "event loop picked the delivery up -> written to every local recipient's socket"),
  /**
   * The whole path, from the frame at the first gateway to the sockets of the recipients at
   * another.
   */
  END_TO_END("end_to_end", "gateway received the frame -> written to the recipients' sockets");

  /**
   * The histogram's name in the Prometheus exposition ({@code _bucket}, {@code _count}, {@code
   * _sum}).
   */
  public static final String METRIC = "beacon_fanout_hop_seconds";

  private static final Duration[] BUCKETS =
      buckets(
          0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 25, 35, 50, 75, 100, 150, 250, 500, 1000,
          2500, 5000);

  private final String label;
  private final String description;
  private volatile Timer timer;

  Hop(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The value of the {@code hop} tag. */
  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** Records a hop measured in microseconds; negative values (clock steps) are dropped. */
  public void recordMicros(long micros) {
    if (micros >= 0) {
      timer().record(micros, TimeUnit.MICROSECONDS);
    }
  }

  /** Records the time from {@code startMicros} ({@link HopClock#nowMicros()}) until now. */
  public void recordSince(long startMicros) {
    if (startMicros > 0) {
      recordMicros(HopClock.nowMicros() - startMicros);
    }
  }

  private Timer timer() {
    Timer t = timer;
    if (t == null) {
      t = register(BeaconMetrics.registry());
      timer = t;
    }
    return t;
  }

  Timer register(MeterRegistry registry) {
    return Timer.builder(METRIC)
        .tag("hop", label)
        .description(
            "Time of one hop of a message on its way to a room: " + "see docs/benchmarks.md")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** Registers every hop, so that {@code /metrics} lists them before the first message. */
  public static void registerAll() {
    for (Hop hop : values()) {
      hop.timer();
    }
  }

  private static Duration[] buckets(double... millis) {
    Duration[] out = new Duration[millis.length];
    for (int i = 0; i < millis.length; i++) {
      out[i] = Duration.ofNanos(Math.round(millis[i] * 1_000_000));
    }
    return out;
  }
}
