package dev.beacon.server.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a service command running until SIGTERM or SIGINT, then runs its stop action once. */
public final class UntilStopped {

  private UntilStopped() {
  }

  public static int await(Runnable stop) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stop.run();
      } finally {
        stopped.countDown();
      }
    }, "beacon-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
