package dev.beacon.tools.bench.fanout;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One device of a {@link GpsFollowLoad}: on the device endpoint, sends its fixes as CSV lines on a
 * schedule (fix {@code k} due at {@code start + offset + k * interval}), one at a time: the next
 * goes when it is due and the previous one was answered ({@code OK} or {@code ERR ...}). Logs each
 * fix's actual send time in the {@link FixLog}.
 *
 * <p>Touched on its event loop only, but for the volatile fields.
 */
final class GpsDevice {

  private final GpsRun run;
  private final int index;
  private final String prefix;
  private final String position;
  private final BenchSocket socket;
  private final Pacer pacer;
  final Context context;
  private int sent;
  private boolean awaitingReply;
  volatile boolean done;

  GpsDevice(GpsRun run, Vertx vertx, Context context, int index) {
    this.run = run;
    this.context = context;
    this.index = index;
    this.prefix = GpsFollowConfig.deviceId(index) + ",";
    this.position =
        String.format(
            Locale.ROOT, ",%.6f,%.6f", 44.8 + (index % 1000) * 1e-4, 20.4 + (index / 1000) * 1e-4);
    this.socket = new BenchSocket(run.stats);
    this.pacer = new Pacer(vertx, run.stats, run.config.intervalNanos());
  }

  Future<Void> open(WebSocketClient client) {
    return socket
        .open(client, run.config.deviceUrl(index), this::onReply, () -> done = true)
        .onFailure(f -> done = true);
  }

  void start(long runStart) {
    pacer.start(runStart + run.config.intervalNanos() * index / run.config.devices());
    pump();
  }

  private void pump() {
    if (socket.closed() || awaitingReply) {
      return;
    }
    if (sent >= run.fixes.fixesPerDevice()) {
      done = true;
      return;
    }
    long now = System.nanoTime();
    if (!pacer.due(now, this::pump)) {
      return;
    }
    run.fixes.sent(index, sent, now);
    awaitingReply = true;
    socket.send(prefix + run.fixes.tsOf(sent) + position);
    sent++;
    run.stats.sent.increment();
    pacer.advance();
  }

  private void onReply(Buffer buffer) {
    if (!awaitingReply) {
      run.stats.error("device " + index + ": unexpected reply " + buffer);
      return;
    }
    awaitingReply = false;
    String reply = buffer.toString(StandardCharsets.UTF_8);
    if (reply.equals("OK")) {
      run.fixes.acked(index, sent - 1);
      run.acked.increment();
    } else {
      run.rejected.increment();
      run.stats.error("device " + index + ": " + reply);
    }
    pump();
  }

  void stop() {
    done = true;
    socket.close();
  }
}
