package dev.beacon.tools.bench.fanout;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One subscriber connection of a {@link FanoutLoad}: joins its rooms of the {@link RoomPlan}, and
 * for every chat it receives checks that it is in the message's room (else a stray), counts
 * duplicates, and records the latency and the message's completion. At the end, counts what it
 * should have received and did not, per room.
 *
 * <p>Touched on its event loop only.
 */
final class RoomSubscriber {

  private final RoomRun run;
  private final int index;
  private final int[] rooms;
  private final BitSet memberOf = new BitSet();
  private final BitSet[] seen;
  private final BenchSocket socket;
  final Context context;
  private Promise<Void> subscribed;
  private int subscribedRooms;
  private boolean finished;

  RoomSubscriber(RoomRun run, Context context, int index) {
    this.run = run;
    this.context = context;
    this.index = index;
    this.socket = new BenchSocket(run.stats);
    this.rooms = run.config.plan().roomsOf(index);
    for (int r : rooms) {
      memberOf.set(r);
    }
    seen = new BitSet[run.config.publishers()];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = new BitSet();
    }
  }

  /** Connects and joins every room; completes when the server confirmed each subscribe. */
  Future<Void> open(WebSocketClient client) {
    subscribed = Promise.promise();
    RoomPlan plan = run.config.plan();
    socket.openSubscribed(
        client,
        run.config.urlFor(index),
        this::onMessage,
        Arrays.stream(rooms).mapToObj(plan::roomName).toList(),
        "subscriber " + index,
        subscribed);
    return subscribed.future();
  }

  private void onMessage(Buffer buffer) {
    if (finished) {
      // counted as missing already: what arrives after the drain is not counted as delivered either
      return;
    }
    long now = System.nanoTime();
    String text = buffer.toString(StandardCharsets.UTF_8);
    if (ChatText.isType(text, "chat")) {
      onChat(text, now);
    } else if (ChatText.isType(text, "subscribed")) {
      if (++subscribedRooms == rooms.length) {
        subscribed.tryComplete();
      }
    } else if (ChatText.isType(text, "error")) {
      run.stats.error("subscriber: " + text);
      subscribed.tryFail("subscribe failed: " + text);
    }
  }

  private void onChat(String text, long now) {
    String content = ChatPayload.stampOf(text);
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
    if (now >= run.measureStartNanos && now < run.measureEndNanos) {
      run.stats.measuredDeliveries.increment();
    }
    if (!memberOf.get(run.config.plan().roomOfMessage(publisher, seq))) {
      run.stats.strays.increment();
      return;
    }
    if (seen[publisher].get(seq)) {
      run.stats.duplicates.increment();
      return;
    }
    seen[publisher].set(seq);
    run.stats.distinct.increment();
    run.completion.received(publisher, seq, now);
    if (stamp >= run.measureStartNanos) {
      run.stats.recordLatency(now - stamp);
    }
  }

  /** How many messages of its rooms never reached a subscriber, and in which rooms. */
  record Missing(long count, BitSet rooms) {}

  /** Stops counting, closes the socket and tells what of its rooms' messages never arrived here. */
  Missing finish(long[] sentBy) {
    finished = true;
    BitSet roomsMissing = new BitSet();
    long missing = 0;
    RoomPlan plan = run.config.plan();
    for (int p = 0; p < seen.length; p++) {
      if (plan.rooms() == 1) {
        long m = sentBy[p] - seen[p].get(0, (int) sentBy[p]).cardinality();
        missing += m;
        if (m > 0) {
          roomsMissing.set(0);
        }
        continue;
      }
      for (int seq = seen[p].nextClearBit(0);
          seq < sentBy[p];
          seq = seen[p].nextClearBit(seq + 1)) {
        int room = plan.roomOfMessage(p, seq);
        if (memberOf.get(room)) {
          missing++;
          roomsMissing.set(room);
        }
      }
    }
    socket.close();
    return new Missing(missing, roomsMissing);
  }
}
