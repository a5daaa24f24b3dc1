package dev.beacon.gateway;

import dev.beacon.gateway.backend.Readiness;

/** A {@link Readiness} the test sets. */
final class StubReadiness implements Readiness {

  private volatile String reason = "";

  void down(String why) {
    reason = why;
  }

  void up() {
    reason = "";
  }

  @Override
  public boolean ready() {
    return reason.isEmpty();
  }

  @Override
  public String reason() {
    return reason;
  }
}
