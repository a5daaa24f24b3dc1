package dev.beacon.tools.bench.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One fan-out run: {@code publishers} + {@code plan.connections()} subscriber connections spread
 * round-robin over {@code urls}, the subscribers in the rooms of {@code plan}, publishers sending
 * {@code rate} chat messages/s in total for warm-up + duration, each message to one room.
 *
 * @param drain how long after the last send the run waits for deliveries still on their way
 */
public record FanoutConfig(
    List<URI> urls,
    RoomPlan plan,
    int publishers,
    int rate,
    Duration duration,
    Duration warmup,
    Duration drain) {

  public FanoutConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one gateway url is needed; pass --url ws://host:port/chat");
    }
    if (publishers < 1 || rate < 1) {
      throw new IllegalArgumentException(
          "publishers and rate must be at least 1, got " + publishers + " and " + rate);
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration must be positive, got " + duration + "; pass e.g. --duration 15s");
    }
    if (warmup.isNegative() || drain.isNegative()) {
      throw new IllegalArgumentException("warm-up and drain must not be negative");
    }
  }

  /** The classic single-room run: every subscriber in {@code room}. */
  public static FanoutConfig singleRoom(
      List<URI> urls,
      String room,
      int publishers,
      int subscribers,
      int rate,
      Duration duration,
      Duration warmup,
      Duration drain) {
    return new FanoutConfig(
        urls, RoomPlan.singleRoom(room, subscribers), publishers, rate, duration, warmup, drain);
  }

  public int subscribers() {
    return plan.connections();
  }

  /** Deliveries one message makes: every member of its room receives it once. */
  public int deliveriesPerMessage() {
    return plan.members();
  }

  public long targetDeliveriesPerSecond() {
    return (long) rate * deliveriesPerMessage();
  }

  /** Messages publisher {@code index} sends over the whole run (warm-up included). */
  long quota(int index) {
    long total = totalMessages();
    return total / publishers + (index < total % publishers ? 1 : 0);
  }

  long totalMessages() {
    return Math.max(
        publishers, (long) rate * (warmup.toNanos() + duration.toNanos()) / 1_000_000_000L);
  }

  /** Nanoseconds between two sends of one publisher. */
  long intervalNanos() {
    return Math.max(1, publishers * 1_000_000_000L / rate);
  }

  /**
   * Publishers take connection indexes after the subscribers', so both spread evenly over the
   * gateways.
   */
  URI urlFor(int connectionIndex) {
    return urls.get(connectionIndex % urls.size());
  }
}
