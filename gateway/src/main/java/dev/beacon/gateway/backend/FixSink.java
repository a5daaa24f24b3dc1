package dev.beacon.gateway.backend;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.Future;

/**
 * Where accepted fixes go: the gateway's one seam towards Kafka, with an in-memory implementation
 * in tests.
 *
 * <p>Contract: {@link #publish} never blocks; the fix arrives already stamped with the gateway id
 * and the time its frame was received; the returned future succeeds only once the fix is durably
 * stored (for Kafka: acked by every in-sync replica), fails otherwise, and completes on the Vert.x
 * context of the caller. Implementations are shared by every verticle instance of a process, so
 * they must be thread-safe.
 */
public interface FixSink {

  Future<Void> publish(GpsFix fix);
}
