package dev.beacon.tools.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A device as the original Python simulator ran it: waits a random moment, connects, sends a random
 * number of fixes, each only after the previous one's reply, and closes.
 */
final class ParityDevice implements SimulatedDevice {

  private final Vertx vertx;
  private final GatewayConnector connector;
  private final DeviceTrack track;
  private final Duration startDelay;
  private final int fixes;
  private final Promise<Void> done = Promise.promise();
  private DeviceLink link;

  ParityDevice(
      Vertx vertx, GatewayConnector connector, DeviceTrack track, Duration startDelay, int fixes) {
    this.vertx = vertx;
    this.connector = connector;
    this.track = track;
    this.startDelay = startDelay;
    this.fixes = fixes;
  }

  @Override
  public Future<Void> run() {
    vertx.setTimer(Math.max(1, startDelay.toMillis()), id -> connectAndSend());
    return done.future();
  }

  @Override
  public void stop() {
    if (link != null) {
      link.close();
    }
    done.tryComplete();
  }

  private void connectAndSend() {
    if (done.future().isComplete()) {
      return;
    }
    connector
        .connect()
        .compose(
            connected -> {
              link = connected;
              return sendFixes(fixes);
            })
        .onComplete(finished -> stop());
  }

  private Future<Void> sendFixes(int remaining) {
    if (remaining == 0 || done.future().isComplete()) {
      return Future.succeededFuture();
    }
    return link.send(track.nextLine(System.currentTimeMillis()))
        .compose(ok -> sendFixes(remaining - 1));
  }
}
