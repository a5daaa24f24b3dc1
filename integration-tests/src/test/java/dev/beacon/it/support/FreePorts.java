package dev.beacon.it.support;

import dev.beacon.embedded.LoopbackPorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free loopback ports, so tests never clash with a running Beacon or with each other.
 *
 * <p>Each test JVM takes a block of 1,000 ports of its own below the kernel's ephemeral range
 * (20000-20999, 21000-21999, ...: the first block no other JVM on this machine holds, by a lock
 * file in {@code java.io.tmpdir/beacon-it-ports}). A port handed out is bound seconds later by a
 * process still starting; from the ephemeral range the kernel may meanwhile give it to another test
 * JVM's probe or to any outgoing connection as its source port, and the process failed with
 * "Address already in use" (LoadBalancedGatewaysIT, two test JVMs, load average 27). When every
 * block is taken, the kernel's choice ({@link LoopbackPorts}).
 */
public final class FreePorts {

  private static final int BASE = 20_000;
  private static final int BLOCK = 1_000;
  private static final int BLOCKS = 12;
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final int FIRST = claimBlock();

  private FreePorts() {}

  /** A port nobody listens on now, not handed out by this JVM lately. */
  public static int next() {
    if (FIRST < 0) {
      return LoopbackPorts.next();
    }
    for (int attempt = 0; attempt < BLOCK; attempt++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), BLOCK);
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port in " + FIRST + "-" + (FIRST + BLOCK - 1) + "; what holds them all?");
  }

  /** The first port of the block this JVM holds until it exits, or -1 when it holds none. */
  private static int claimBlock() {
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "beacon-it-ports");
      Files.createDirectories(dir);
      for (int block = 0; block < BLOCKS; block++) {
        FileChannel channel =
            FileChannel.open(
                dir.resolve("block-" + block + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        // Never released: the block is this JVM's until it exits, when the kernel drops the lock.
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return BASE + block * BLOCK;
        }
        channel.close();
      }
    } catch (IOException | RuntimeException e) {
      // No block: ports from the ephemeral range, as before.
    }
    return -1;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
