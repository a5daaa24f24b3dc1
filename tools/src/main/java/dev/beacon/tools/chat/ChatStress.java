package dev.beacon.tools.chat;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.server.Blocking;
import dev.beacon.tools.bench.LatencySummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code beacon chat --stress}: M clients join one fresh room and each sends K chat messages at a
 * paced rate; every client should receive every message. Latency is the author's round trip: from
 * its send to its own copy coming back through Kafka and the broadcaster.
 */
public final class ChatStress {

  /**
   * @param clients M, at least 1
   * @param messages K per client, at least 1
   * @param ratePerClient messages per second each client sends, at least 1
   * @param timeout how long to wait for every copy after the last send
   */
  public record Settings(int clients, int messages, int ratePerClient, Duration timeout) {
    public Settings {
      if (clients < 1 || messages < 1 || ratePerClient < 1) {
        throw new IllegalArgumentException(
            "--clients, --messages and --rate must be at least 1, got "
                + clients
                + ", "
                + messages
                + " and "
                + ratePerClient);
      }
    }
  }

  private final Vertx vertx;
  private final ClientOptions options;
  private final Settings settings;
  private final ChatPrinter printer;
  private final String room =
      "stress-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final Histogram micros = new Histogram(3);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger reconnects = new AtomicInteger();

  public ChatStress(Vertx vertx, ClientOptions options, Settings settings, ChatPrinter printer) {
    this.vertx = vertx;
    this.options = options;
    this.settings = settings;
    this.printer = printer;
  }

  /** Runs the load and returns what was measured; clients are closed on every path. */
  public StressResult run() {
    List<BeaconClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < settings.clients(); i++) {
        clients.add(connect(i));
      }
      printer.line(
          "stress: "
              + settings.clients()
              + " clients in room "
              + room
              + ", "
              + settings.messages()
              + " messages each at "
              + settings.ratePerClient()
              + "/s");
      long start = System.nanoTime();
      long sendMillis =
          2L * settings.messages() * 1000 / settings.ratePerClient()
              + settings.timeout().toMillis();
      Future.all(clients.stream().map(this::sendAll).toList())
          .await(sendMillis, TimeUnit.MILLISECONDS);
      awaitDeliveries();
      return result((System.nanoTime() - start) / 1e9);
    } catch (TimeoutException e) {
      throw new IllegalStateException("stress run did not finish sending", e);
    } finally {
      clients.forEach(c -> Blocking.awaitQuietly(c.close(), "close a stress client"));
    }
  }

  private BeaconClient connect(int index) {
    BeaconClient client = BeaconClient.create(vertx, options).sender("s" + index);
    client.messageHandler(m -> onMessage(index, m));
    client.welcomeHandler(
        w -> {
          if (client.connections() > 1) {
            reconnects.incrementAndGet();
          }
        });
    Blocking.await(client.connect(), "connect stress client " + index);
    Blocking.await(client.join(room), "join " + room);
    return client;
  }

  /**
   * Sends K messages at the client's rate; a tick that finds the send queue full tries again on the
   * next.
   */
  private Future<Void> sendAll(BeaconClient client) {
    Promise<Void> done = Promise.promise();
    AtomicInteger seq = new AtomicInteger();
    long period = Math.max(1, 1000L / settings.ratePerClient());
    vertx.setPeriodic(
        period,
        timer -> {
          if (seq.get() >= settings.messages()) {
            vertx.cancelTimer(timer);
            done.tryComplete();
          } else if (!client.socket().writeQueueFull()) {
            client.chat(room, seq.getAndIncrement() + ":" + System.nanoTime());
            sent.incrementAndGet();
          }
        });
    return done.future();
  }

  private void onMessage(int index, JsonObject m) {
    if (!"chat".equals(m.getString("type")) || !room.equals(m.getString("room"))) {
      return;
    }
    delivered.incrementAndGet();
    if (("s" + index).equals(m.getString("sender"))) {
      String content = m.getString("content");
      long sentAt = Long.parseLong(content.substring(content.indexOf(':') + 1));
      synchronized (micros) {
        micros.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
      }
    }
  }

  private void awaitDeliveries() {
    long expected = expectedDeliveries();
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    while (delivered.get() < expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private long expectedDeliveries() {
    return (long) settings.clients() * settings.clients() * settings.messages();
  }

  private StressResult result(double seconds) {
    LatencySummary latency;
    synchronized (micros) {
      latency = LatencySummary.of(micros);
    }
    return new StressResult(
        settings.clients(),
        sent.get(),
        expectedDeliveries(),
        delivered.get(),
        latency,
        reconnects.get(),
        seconds);
  }
}
