package dev.beacon.tools.bench.fanout;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;

/**
 * One publisher connection of a {@link FanoutLoad}: sends its quota of chat messages open-loop,
 * message {@code seq} to the room {@link RoomPlan#roomOfMessage} names, carrying the stamp {@code
 * F<publisher>:<seq>:<due nanos>} in its {@link ChatPayload}. A message sent late keeps its due
 * time, so a stalled publisher or server shows in the latency instead of lowering the rate.
 *
 * <p>All but the volatile fields are touched on its event loop only.
 */
final class RoomPublisher {

  private final RoomRun run;
  private final int index;
  private final long quota;
  private final String sender;
  private final BenchSocket socket;
  private final Pacer pacer;
  final Context context;
  volatile long sentCount;
  volatile boolean done;

  RoomPublisher(RoomRun run, Vertx vertx, Context context, int index) {
    this.run = run;
    this.context = context;
    this.index = index;
    this.quota = run.config.quota(index);
    this.socket = new BenchSocket(run.stats);
    this.pacer = new Pacer(vertx, run.stats, run.config.intervalNanos());
    this.sender = "\",\"sender\":\"bench-p" + index + "\",";
  }

  Future<Void> open(WebSocketClient client) {
    return socket
        .open(client, run.config.urlFor(index), this::onMessage, () -> done = true)
        .onFailure(f -> done = true);
  }

  private void onMessage(Buffer buffer) {
    String text = buffer.toString(StandardCharsets.UTF_8);
    if (ChatText.isType(text, "error")) {
      run.stats.error("publisher " + index + ": " + text);
    }
  }

  void start(long runStart) {
    pacer.start(runStart + run.config.intervalNanos() * index / run.config.publishers());
    pump();
  }

  private void pump() {
    RoomPlan plan = run.config.plan();
    while (!socket.closed() && sentCount < quota) {
      if (!pacer.due(System.nanoTime(), this::pump)) {
        return;
      }
      long seq = sentCount;
      long due = pacer.nextDue();
      run.completion.sent(index, seq, due);
      socket.send(
          "{\"type\":\"chat\",\"room\":\""
              + plan.roomName(plan.roomOfMessage(index, seq))
              + sender
              + run.payload.member("F" + index + ":" + seq + ":" + due)
              + "}");
      sentCount = seq + 1;
      run.stats.sent.increment();
      pacer.advance();
    }
    done = true;
  }

  void stop() {
    done = true;
    socket.close();
  }
}
