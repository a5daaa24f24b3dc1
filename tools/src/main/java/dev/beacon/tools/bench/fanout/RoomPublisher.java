package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.WebSocketEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One publisher connection of a {@link FanoutLoad}: sends its quota of chat messages open-loop,
 * message {@code seq} to the room {@link RoomPlan#roomOfMessage} names, content {@code
 * F<publisher>:<seq>:<due nanos>}. A message sent late keeps its due time, so a stalled publisher
 * or server shows in the latency instead of lowering the rate.
 *
 * <p>All but the volatile fields are touched on its event loop only.
 */
final class RoomPublisher {

  private final RoomRun run;
  private final Vertx vertx;
  private final int index;
  private final long quota;
  private final long interval;
  private final String sender;
  final Context context;
  private WebSocket socket;
  private long nextDue;
  private boolean stopped;
  volatile long sentCount;
  volatile boolean done;

  RoomPublisher(RoomRun run, Vertx vertx, Context context, int index) {
    this.run = run;
    this.vertx = vertx;
    this.context = context;
    this.index = index;
    this.quota = run.config.quota(index);
    this.interval = run.config.intervalNanos();
    this.sender = "\",\"sender\":\"bench-p" + index + "\",\"content\":\"F" + index + ":";
  }

  Future<Void> open(WebSocketClient client) {
    return client
        .connect(WebSocketEndpoint.connectOptions(run.config.urlFor(index)))
        .onFailure(
            f -> {
              run.stats.connectFailures.increment();
              done = true;
            })
        .map(
            ws -> {
              socket = ws;
              ws.handler(this::onMessage);
              ws.exceptionHandler(f -> {});
              ws.closeHandler(
                  v -> {
                    if (!stopped) {
                      run.stats.closedByPeer(ws.closeStatusCode());
                      done = true;
                      stopped = true;
                    }
                  });
              return null;
            });
  }

  private void onMessage(Buffer buffer) {
    String text = buffer.toString(StandardCharsets.UTF_8);
    if (ChatText.isType(text, "error")) {
      run.stats.error("publisher " + index + ": " + text);
    }
  }

  void start(long runStart) {
    nextDue = runStart + interval * index / run.config.publishers();
    pump();
  }

  private void pump() {
    RoomPlan plan = run.config.plan();
    while (!stopped && sentCount < quota) {
      long now = System.nanoTime();
      if (nextDue > now) {
        vertx.timer(nextDue - now, TimeUnit.NANOSECONDS).onComplete(t -> pump());
        return;
      }
      run.stats.sendLag(now - nextDue);
      long seq = sentCount;
      run.completion.sent(index, seq, nextDue);
      socket.writeTextMessage(
          "{\"type\":\"chat\",\"room\":\""
              + plan.roomName(plan.roomOfMessage(index, seq))
              + sender
              + seq
              + ":"
              + nextDue
              + "\"}");
      sentCount = seq + 1;
      run.stats.sent.increment();
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
