package dev.beacon.infra.bench.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One fan-out run: {@code publishers} + {@code subscribers} connections spread round-robin over {@code urls}, every
 * subscriber in {@code room}, publishers sending {@code rate} chat messages/s in total for warm-up + duration.
 *
 * @param drain how long after the last send the run waits for deliveries still on their way
 */
public record FanoutConfig(List<URI> urls, String room, int publishers, int subscribers, int rate, Duration duration,
    Duration warmup, Duration drain) {

  public FanoutConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one gateway url is needed");
    }
    if (publishers < 1 || subscribers < 1 || rate < 1) {
      throw new IllegalArgumentException("publishers, subscribers and rate must be at least 1");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration must be positive");
    }
  }

  /** Messages publisher {@code index} sends over the whole run (warm-up included). */
  long quota(int index) {
    long total = totalMessages();
    return total / publishers + (index < total % publishers ? 1 : 0);
  }

  long totalMessages() {
    return Math.max(publishers, (long) rate * (warmup.toNanos() + duration.toNanos()) / 1_000_000_000L);
  }

  /** Nanoseconds between two sends of one publisher. */
  long intervalNanos() {
    return Math.max(1, publishers * 1_000_000_000L / rate);
  }

  URI urlFor(int connectionIndex) {
    return urls.get(connectionIndex % urls.size());
  }
}
