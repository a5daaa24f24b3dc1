package dev.beacon.it.support;

import dev.beacon.embedded.LoopbackPorts;

/** Free loopback ports, so tests never clash with a running Beacon or with each other. */
public final class FreePorts {

  private FreePorts() {}

  /** Never the same port twice in one test JVM ({@link LoopbackPorts}). */
  public static int next() {
    return LoopbackPorts.next();
  }
}
