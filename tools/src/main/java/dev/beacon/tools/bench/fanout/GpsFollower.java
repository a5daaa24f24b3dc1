package dev.beacon.tools.bench.fanout;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * One follower of a {@link GpsFollowLoad}: a chat connection subscribed to {@code gps:*} or to
 * {@code gps:<id>} of one device. Each {@code gps} message is matched to its fix by {@code
 * (device_id, ts)} in the {@link FixLog}; the latency runs from the device's frame send to this
 * receipt (both in the load generator's process).
 *
 * <p>Touched on its event loop only.
 */
final class GpsFollower {

  private final GpsRun run;
  private final int connection;

  /** The followed device, or -1 for a follower of {@code gps:*}. */
  private final int device;

  private final FanoutStats stats;
  private final BitSet seen = new BitSet();
  private final BenchSocket socket;
  final Context context;
  private Promise<Void> subscribed;
  private boolean finished;

  GpsFollower(GpsRun run, Context context, int connection, int device) {
    this.run = run;
    this.context = context;
    this.connection = connection;
    this.device = device;
    this.stats = device < 0 ? run.allStats : run.deviceStats;
    this.socket = new BenchSocket(run.stats);
  }

  private String room() {
    return device < 0 ? "gps:*" : "gps:" + GpsFollowConfig.deviceId(device);
  }

  Future<Void> open(WebSocketClient client) {
    subscribed = Promise.promise();
    socket.openSubscribed(
        client,
        run.config.chatUrl(connection),
        this::onMessage,
        List.of(room()),
        "follower " + connection,
        subscribed);
    return subscribed.future();
  }

  private void onMessage(Buffer buffer) {
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    String text = buffer.toString(StandardCharsets.UTF_8);
    if (ChatText.isType(text, "gps")) {
      onFix(text, now);
    } else if (ChatText.isType(text, "subscribed")) {
      subscribed.tryComplete();
    } else if (ChatText.isType(text, "error")) {
      run.stats.error("follower: " + text);
      subscribed.tryFail("subscribe to " + room() + " failed: " + text);
    }
  }

  private void onFix(String text, long now) {
    int fix = run.fixes.indexOf(ChatText.field(text, "device_id"), ChatText.number(text, "ts"));
    if (fix < 0 || (device >= 0 && fix / run.fixes.fixesPerDevice() != device)) {
      stats.strays.increment();
      return;
    }
    if (now >= run.measureStartNanos && now < run.measureEndNanos) {
      stats.measuredDeliveries.increment();
    }
    if (seen.get(fix)) {
      stats.duplicates.increment();
      return;
    }
    seen.set(fix);
    stats.distinct.increment();
    long sentAt = run.fixes.sentNanos(fix);
    if (run.inWindow(sentAt)) {
      stats.recordLatency(now - sentAt);
    }
  }

  /**
   * Stops counting, closes the socket, and counts the {@code expected} fixes (of its device) that
   * never came.
   */
  long finish(BitSet expected) {
    finished = true;
    BitSet mine = expected;
    if (device >= 0) {
      int from = device * run.fixes.fixesPerDevice();
      mine = expected.get(from, from + run.fixes.fixesPerDevice());
      BitSet had = seen.get(from, from + run.fixes.fixesPerDevice());
      had.and(mine);
      socket.close();
      return mine.cardinality() - had.cardinality();
    }
    BitSet had = (BitSet) seen.clone();
    had.and(mine);
    socket.close();
    return mine.cardinality() - had.cardinality();
  }
}
