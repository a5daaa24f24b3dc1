package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.WebSocketEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
  private final Vertx vertx;
  private final int index;
  private final String prefix;
  private final String position;
  final Context context;
  private WebSocket socket;
  private long nextDue;
  private int sent;
  private boolean awaitingReply;
  private boolean stopped;
  volatile boolean done;

  GpsDevice(GpsRun run, Vertx vertx, Context context, int index) {
    this.run = run;
    this.vertx = vertx;
    this.context = context;
    this.index = index;
    this.prefix = GpsFollowConfig.deviceId(index) + ",";
    this.position =
        String.format(
            Locale.ROOT, ",%.6f,%.6f", 44.8 + (index % 1000) * 1e-4, 20.4 + (index / 1000) * 1e-4);
  }

  Future<Void> open(WebSocketClient client) {
    return client
        .connect(WebSocketEndpoint.connectOptions(run.config.deviceUrl(index)))
        .onFailure(
            f -> {
              run.stats.connectFailures.increment();
              done = true;
            })
        .map(
            ws -> {
              socket = ws;
              ws.handler(this::onReply);
              ws.exceptionHandler(f -> {});
              ws.closeHandler(
                  v -> {
                    if (!stopped) {
                      run.stats.closedByPeer(ws.closeStatusCode());
                      stopped = true;
                      done = true;
                    }
                  });
              return null;
            });
  }

  void start(long runStart) {
    nextDue = runStart + run.config.intervalNanos() * index / run.config.devices();
    pump();
  }

  private void pump() {
    if (stopped || awaitingReply) {
      return;
    }
    if (sent >= run.fixes.fixesPerDevice()) {
      done = true;
      return;
    }
    long now = System.nanoTime();
    if (nextDue > now) {
      vertx.timer(nextDue - now, TimeUnit.NANOSECONDS).onComplete(t -> pump());
      return;
    }
    run.stats.sendLag(now - nextDue);
    run.fixes.sent(index, sent, now);
    awaitingReply = true;
    socket.writeTextMessage(prefix + run.fixes.tsOf(sent) + position);
    sent++;
    run.stats.sent.increment();
    nextDue += run.config.intervalNanos();
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
    if (!stopped) {
      stopped = true;
      if (socket != null) {
        socket.close();
      }
    }
  }
}
