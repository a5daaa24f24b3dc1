package dev.beacon.infra.support;

import dev.beacon.infra.LoopbackPorts;

/** Free loopback ports, so tests never clash with a running Beacon or with each other. */
public final class FreePorts {

  private FreePorts() {
  }

  /** Never the same port twice in one test JVM ({@link LoopbackPorts}). */
  public static int next() {
    return LoopbackPorts.next();
  }
}
