package dev.beacon.infra.bench.fanout;

import dev.beacon.infra.bench.BlockingWait;
import dev.beacon.infra.bench.EventLoopContexts;
import dev.beacon.infra.bench.LatencySummary;
import dev.beacon.infra.bench.WebSocketEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out load: publishers send paced chat messages into one room, every subscriber of the room counts what it
 * receives. Runs on its own Vertx with {@link EventLoopContexts#DEFAULT_EVENT_LOOPS} event loops.
 *
 * <p>Each message's content is {@code F<publisher>:<seq>:<nanos>}, where {@code nanos} is the {@link System#nanoTime()}
 * at which the open-loop schedule had the message due (a message sent late keeps its due time, so a stalled
 * publisher or server shows in the latency instead of lowering the rate). Latency is receive {@code nanoTime} minus
 * that stamp, which is only meaningful because publishers and subscribers live in this one JVM.
 *
 * <p>Bounded: every publisher sends a fixed quota, and after the last due send the run waits at most
 * {@link FanoutConfig#drain()} for late deliveries, then closes every connection.
 */
public final class FanoutLoad {

  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(60);
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Duration STALL = Duration.ofSeconds(2);

  private final FanoutConfig config;
  private final PrintStream out;
  private final FanoutStats stats = new FanoutStats();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<Publisher> publishers = new ArrayList<>();
  private volatile long measureStartNanos = Long.MAX_VALUE;
  private volatile long measureEndNanos = Long.MAX_VALUE;

  public FanoutLoad(FanoutConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Runs to the end on the calling (non event-loop) thread. */
  public FanoutResult run() {
    Vertx vertx = EventLoopContexts.newClientVertx();
    try {
      EventLoopContexts spread = BlockingWait.result(
          EventLoopContexts.deploy(vertx, EventLoopContexts.DEFAULT_EVENT_LOOPS), Duration.ofSeconds(10), "contexts");
      WebSocketClient client = vertx.createWebSocketClient(
          WebSocketEndpoint.clientOptions(config.publishers() + config.subscribers()));
      return runOn(vertx, spread, client);
    } finally {
      BlockingWait.close(vertx);
    }
  }

  private FanoutResult runOn(Vertx vertx, EventLoopContexts spread, WebSocketClient client) {
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < config.subscribers(); i++) {
      Subscriber s = new Subscriber(config.publishers());
      subscribers.add(s);
      Context context = spread.forIndex(i);
      s.context = context;
      Promise<Void> subscribed = Promise.promise();
      int index = i;
      context.runOnContext(v -> s.open(client, index).onComplete(subscribed));
      ready.add(subscribed.future());
    }
    for (int i = 0; i < config.publishers(); i++) {
      Publisher p = new Publisher(vertx, i);
      publishers.add(p);
      Context context = spread.forIndex(i);
      p.context = context;
      Promise<Void> connected = Promise.promise();
      context.runOnContext(v -> p.open(client).onComplete(connected));
      ready.add(connected.future());
    }
    long setupStart = System.nanoTime();
    BlockingWait.result(Future.all(ready), CONNECT_DEADLINE, "connecting and subscribing "
        + config.subscribers() + " subscribers and " + config.publishers() + " publishers");
    out.printf(Locale.ROOT, "  %d subscribers subscribed and %d publishers connected over %d gateway(s) in %.1f s%n",
        config.subscribers(), config.publishers(), config.urls().size(), (System.nanoTime() - setupStart) / 1e9);

    long start = System.nanoTime() + START_DELAY_NANOS;
    measureStartNanos = start + config.warmup().toNanos();
    long sendEnd = measureStartNanos + config.duration().toNanos();
    measureEndNanos = sendEnd;
    for (Publisher p : publishers) {
      p.context.runOnContext(v -> p.start(start));
    }
    long lastDistinct = 0;
    long lastTick = System.nanoTime();
    while (System.nanoTime() < sendEnd) {
      sleepNanos(Math.min(1_000_000_000L, sendEnd - System.nanoTime()));
      long now = System.nanoTime();
      long distinct = stats.distinct.sum();
      out.printf(Locale.ROOT, "  %4.0f s: sent %,d, deliveries %,.0f/s%s%n", (now - start) / 1e9, stats.sent.sum(),
          (distinct - lastDistinct) * 1e9 / Math.max(1, now - lastTick), now < measureStartNanos ? " (warm-up)" : "");
      lastDistinct = distinct;
      lastTick = now;
    }
    // drain: until every subscriber has every message sent, the deliveries stall, or the drain time is up
    long drainDeadline = System.nanoTime() + config.drain().toNanos();
    long lastProgress = System.nanoTime();
    long seen = -1;
    while (System.nanoTime() < drainDeadline) {
      long expected = stats.sent.sum() * config.subscribers();
      long distinct = stats.distinct.sum();
      if (distinct >= expected && publishersDone()) {
        break;
      }
      if (distinct != seen) {
        seen = distinct;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALL.toNanos() && publishersDone()) {
        break;
      }
      sleepNanos(50_000_000L);
    }
    for (Publisher p : publishers) {
      p.context.runOnContext(v -> p.stop());
    }
    long[] sentBy = new long[publishers.size()];
    for (int i = 0; i < sentBy.length; i++) {
      sentBy[i] = publishers.get(i).sentCount;
    }
    List<Future<Long>> missing = new ArrayList<>();
    for (Subscriber s : subscribers) {
      Promise<Long> m = Promise.promise();
      s.context.runOnContext(v -> m.complete(s.finish(sentBy)));
      missing.add(m.future());
    }
    BlockingWait.result(Future.all(missing), Duration.ofSeconds(10), "collecting the subscribers' counts");
    long missingTotal = 0;
    int incomplete = 0;
    for (Future<Long> m : missing) {
      missingTotal += m.result();
      incomplete += m.result() > 0 ? 1 : 0;
    }
    BlockingWait.result(client.close(), Duration.ofSeconds(10), "closing the connections");
    long sent = 0;
    for (long n : sentBy) {
      sent += n;
    }
    long measured = stats.measuredDeliveries.sum();
    double seconds = config.duration().toNanos() / 1e9;
    return new FanoutResult(config, sent, stats.distinct.sum(), measured, measured / seconds,
        LatencySummary.of(stats.takeLatency()), missingTotal, incomplete, stats.duplicates.sum(), stats.errors.sum(),
        stats.firstError.get(), stats.connectFailures.sum(), stats.closes(), stats.maxSendLagNanos.get() / 1e6);
  }

  private boolean publishersDone() {
    for (Publisher p : publishers) {
      if (!p.done) {
        return false;
      }
    }
    return true;
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** {@code "type":"<value>"} of a compact JSON server message, or null. */
  static String field(String text, String name) {
    String key = "\"" + name + "\":";
    int at = text.indexOf(key);
    if (at < 0) {
      return null;
    }
    int i = at + key.length();
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '"') {
      return null;
    }
    int end = text.indexOf('"', i + 1);
    return end < 0 ? null : text.substring(i + 1, end);
  }

  private static boolean isType(String text, String type) {
    int at = text.indexOf("\"type\":\"");
    return at >= 0 && text.startsWith(type + "\"", at + 8);
  }

  /** One publisher connection; all but the volatile fields are touched on its event loop only. */
  private final class Publisher {
    private final Vertx vertx;
    private final int index;
    private final long quota;
    private final long interval;
    private final String prefix;
    private Context context;
    private WebSocket socket;
    private long nextDue;
    private boolean stopped;
    private volatile long sentCount;
    private volatile boolean done;

    Publisher(Vertx vertx, int index) {
      this.vertx = vertx;
      this.index = index;
      this.quota = config.quota(index);
      this.interval = config.intervalNanos();
      this.prefix = "{\"type\":\"chat\",\"room\":\"" + config.room() + "\",\"sender\":\"bench-p" + index
          + "\",\"content\":\"F" + index + ":";
    }

    Future<Void> open(WebSocketClient client) {
      return client.connect(WebSocketEndpoint.connectOptions(config.urlFor(index))).onFailure(f -> {
        stats.connectFailures.increment();
        done = true;
      }).map(ws -> {
        socket = ws;
        ws.handler(this::onMessage);
        ws.exceptionHandler(f -> { });
        ws.closeHandler(v -> {
          if (!stopped) {
            stats.closedByPeer(ws.closeStatusCode());
            done = true;
            stopped = true;
          }
        });
        return null;
      });
    }

    private void onMessage(Buffer buffer) {
      String text = buffer.toString(StandardCharsets.UTF_8);
      if (isType(text, "error")) {
        stats.error("publisher " + index + ": " + text);
      }
    }

    void start(long runStart) {
      nextDue = runStart + interval * index / config.publishers();
      pump();
    }

    private void pump() {
      while (!stopped && sentCount < quota) {
        long now = System.nanoTime();
        if (nextDue > now) {
          vertx.timer(nextDue - now, TimeUnit.NANOSECONDS).onComplete(t -> pump());
          return;
        }
        stats.sendLag(now - nextDue);
        long seq = sentCount;
        socket.writeTextMessage(prefix + seq + ":" + nextDue + "\"}");
        sentCount = seq + 1;
        stats.sent.increment();
        nextDue += interval;
      }
      done = true;
    }

    void stop() {
      done = true;
      if (!stopped) {
        stopped = true;
        if (socket != null) {
          socket.close();
        }
      }
    }
  }

  /** One subscriber connection; touched on its event loop only. */
  private final class Subscriber {
    private final BitSet[] seen;
    private Context context;
    private WebSocket socket;
    private Promise<Void> subscribed;
    private boolean finished;

    Subscriber(int publishers) {
      seen = new BitSet[publishers];
      for (int i = 0; i < publishers; i++) {
        seen[i] = new BitSet();
      }
    }

    Future<Void> open(WebSocketClient client, int index) {
      subscribed = Promise.promise();
      client.connect(WebSocketEndpoint.connectOptions(config.urlFor(index))).onComplete(c -> {
        if (c.failed()) {
          stats.connectFailures.increment();
          subscribed.tryFail(c.cause());
          return;
        }
        socket = c.result();
        socket.handler(this::onMessage);
        socket.exceptionHandler(f -> { });
        socket.closeHandler(v -> {
          if (!finished) {
            stats.closedByPeer(socket.closeStatusCode());
            subscribed.tryFail("subscriber " + index + " closed by the server before it was subscribed");
          }
        });
        socket.writeTextMessage("{\"type\":\"subscribe\",\"room\":\"" + config.room() + "\"}");
      });
      return subscribed.future();
    }

    private void onMessage(Buffer buffer) {
      long now = System.nanoTime();
      String text = buffer.toString(StandardCharsets.UTF_8);
      if (isType(text, "chat")) {
        onChat(text, now);
      } else if (isType(text, "subscribed")) {
        subscribed.tryComplete();
      } else if (isType(text, "error")) {
        stats.error("subscriber: " + text);
        subscribed.tryFail("subscribe failed: " + text);
      }
    }

    private void onChat(String text, long now) {
      String content = field(text, "content");
      if (content == null || content.isEmpty() || content.charAt(0) != 'F') {
        return;
      }
      int c1 = content.indexOf(':');
      int c2 = content.indexOf(':', c1 + 1);
      if (c1 < 0 || c2 < 0) {
        return;
      }
      int publisher = Integer.parseInt(content, 1, c1, 10);
      int seq = (int) Long.parseLong(content, c1 + 1, c2, 10);
      long stamp = Long.parseLong(content, c2 + 1, content.length(), 10);
      if (publisher < 0 || publisher >= seen.length) {
        return;
      }
      if (now >= measureStartNanos && now < measureEndNanos) {
        stats.measuredDeliveries.increment();
      }
      if (seen[publisher].get(seq)) {
        stats.duplicates.increment();
        return;
      }
      seen[publisher].set(seq);
      stats.distinct.increment();
      if (stamp >= measureStartNanos) {
        stats.recordLatency(now - stamp);
      }
    }

    /** Stops counting and returns how many of the messages sent never arrived here. */
    long finish(long[] sentBy) {
      finished = true;
      long missing = 0;
      for (int p = 0; p < seen.length; p++) {
        missing += sentBy[p] - seen[p].get(0, (int) sentBy[p]).cardinality();
      }
      if (socket != null) {
        socket.close();
      }
      return missing;
    }
  }
}
