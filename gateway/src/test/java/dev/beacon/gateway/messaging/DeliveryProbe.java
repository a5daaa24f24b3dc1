package dev.beacon.gateway.messaging;

import io.vertx.core.Context;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * For tests outside this package: one messaging client on an event loop, registered for deliveries.
 */
public final class DeliveryProbe {

  private DeliveryProbe() {}

  /**
   * Registers a client {@code c-1} on {@code context} with {@code fanOut}; returns the frames it is
   * sent.
   */
  public static BlockingQueue<String> register(Context context, DeliveryFanOut fanOut)
      throws InterruptedException {
    LocalDirectory directory = new LocalDirectory();
    RecordingConnection connection = new RecordingConnection();
    context.runOnContext(
        v -> RecordingConnection.client("c-1", connection, directory, 1 << 20).activate());
    String welcome = connection.texts.poll(5, TimeUnit.SECONDS);
    if (welcome == null || !welcome.contains("welcome")) {
      throw new IllegalStateException("the probe client got no welcome: " + welcome);
    }
    fanOut.register(context, directory);
    return connection.texts;
  }
}
