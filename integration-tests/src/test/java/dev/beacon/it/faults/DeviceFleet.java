package dev.beacon.it.faults;

import dev.beacon.it.support.TextClient;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices sending CSV fixes one at a time (about 20 a second each) to the gateways, reconnecting
 * when a gateway goes away. Every fix has a unique (device, millisecond timestamp) key; the fleet
 * remembers which ones got {@code OK}, which must all be in SQLite, exactly once.
 */
final class DeviceFleet implements AutoCloseable {

  private static final Duration PACE = Duration.ofMillis(50);
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);

  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastOkSentAt = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final Set<String> closeCodes = Reconnecting.newCloseCodes();
  private final List<Thread> threads = new ArrayList<>();
  private final List<String> deviceIds = new ArrayList<>();
  private volatile boolean running = true;

  private DeviceFleet() {}

  /** Starts {@code count} devices, device i homed on gateway {@code i % ports.size()}. */
  static DeviceFleet start(Vertx vertx, List<Integer> ports, int count) {
    DeviceFleet fleet = new DeviceFleet();
    for (int i = 0; i < count; i++) {
      String device = "fault-dev-" + i;
      fleet.deviceIds.add(device);
      Reconnecting link = new Reconnecting(vertx, ports, "/", i, fleet.closeCodes);
      Thread thread = new Thread(() -> fleet.send(device, link), device);
      thread.setDaemon(true);
      fleet.threads.add(thread);
      thread.start();
    }
    return fleet;
  }

  private void send(String device, Reconnecting link) {
    long ts = System.currentTimeMillis();
    try {
      while (running) {
        TextClient client = link.client();
        ts = Math.max(ts + 1, System.currentTimeMillis());
        long sentAt = System.currentTimeMillis();
        client.send(device + "," + ts + ",44.81" + (ts % 100) + ",20.46" + (ts % 1000));
        String reply = awaitReply(client, link);
        if ("OK".equals(reply)) {
          acked.add(device + "|" + ts);
          lastOkSentAt.accumulateAndGet(sentAt, Math::max);
        } else if (reply != null && reply.startsWith("ERR")) {
          errors.incrementAndGet();
        } else {
          // CSV replies carry no id: a reply arriving late would be taken for the next fix's, so
          // start afresh
          unanswered.incrementAndGet();
          link.close();
        }
        Thread.sleep(PACE.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      link.close();
    }
  }

  private static String awaitReply(TextClient client, Reconnecting link) {
    long end = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      String reply = client.pollReply(Duration.ofMillis(100));
      if (reply != null || !link.isOpen()) {
        return reply;
      }
    }
    return null;
  }

  /** The id of every device of the fleet. */
  List<String> deviceIds() {
    return List.copyOf(deviceIds);
  }

  /** Keys {@code device|ts} of every fix answered {@code OK}. */
  Set<String> acked() {
    return Set.copyOf(acked);
  }

  /** Whether some fix sent at or after {@code wallMillis} has been answered {@code OK}. */
  boolean okSince(long wallMillis) {
    return lastOkSentAt.get() >= wallMillis;
  }

  long errors() {
    return errors.get();
  }

  long unanswered() {
    return unanswered.get();
  }

  Set<String> closeCodes() {
    return Set.copyOf(closeCodes);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(REPLY_TIMEOUT.toMillis() + 5_000);
    }
  }
}
