package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.gateway.backend.FixSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link FixSink} whose futures the test settles, on the publisher's context as the
 * contract says.
 */
final class ManualFixSink implements FixSink {

  private final BlockingQueue<PendingFix> published = new LinkedBlockingQueue<>();
  private volatile boolean autoAck;

  /** Acknowledges every fix as soon as it is published. */
  ManualFixSink autoAck() {
    autoAck = true;
    return this;
  }

  @Override
  public Future<Void> publish(GpsFix fix) {
    PendingFix pending = new PendingFix(fix, Vertx.currentContext(), Promise.promise());
    published.add(pending);
    if (autoAck) {
      pending.ack();
    }
    return pending.promise().future();
  }

  /** The next published fix, waiting up to 5 s for it. */
  PendingFix next() throws InterruptedException {
    PendingFix pending = published.poll(5, TimeUnit.SECONDS);
    assertThat(pending).as("a fix published to the sink within 5 s").isNotNull();
    return pending;
  }

  int waiting() {
    return published.size();
  }

  record PendingFix(GpsFix fix, Context context, Promise<Void> promise) {

    void ack() {
      context.runOnContext(v -> promise.complete());
    }

    void fail(Throwable failure) {
      context.runOnContext(v -> promise.fail(failure));
    }
  }
}
