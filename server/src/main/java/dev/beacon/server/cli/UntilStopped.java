package dev.beacon.server.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Keeps a service command running until SIGTERM or SIGINT, then runs its stop action once. */
public final class UntilStopped {

  /**
   * Exit status of a service whose work died while its process was still up (a supervisor then
   * restarts it).
   */
  public static final int FAILED = 1;

  private static final long CHECK_MILLIS = 1_000;

  private UntilStopped() {}

  /**
   * As {@link #await(Runnable)}, and also returns {@value #FAILED} (after {@code stop}) once {@code
   * failed} says the service's work died: a process that only answers {@code /ready} with 503 helps
   * nobody, where an exit lets compose ({@code restart: unless-stopped}), systemd or Kubernetes
   * start it again.
   */
  public static int await(Runnable stop, BooleanSupplier failed) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                stop.run();
              } finally {
                stopped.countDown();
              }
            },
            "beacon-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      while (!stopped.await(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        if (failed.getAsBoolean()) {
          System.err.println(
              "beacon: the service stopped working (see the log above); exiting with status "
                  + FAILED
                  + " so that it is restarted");
          Runtime.getRuntime().removeShutdownHook(hook);
          stop.run();
          return FAILED;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  public static int await(Runnable stop) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stop.run();
                  } finally {
                    stopped.countDown();
                  }
                },
                "beacon-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
