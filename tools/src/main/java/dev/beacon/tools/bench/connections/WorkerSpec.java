package dev.beacon.tools.bench.connections;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;

/**
 * What one client worker process of the connections benchmark does, passed to it as one JSON
 * argument.
 *
 * @param index this worker's number, 0 to {@code processes - 1}
 * @param processes client workers in the run; connection j of worker i is connection {@code j *
 *     processes + i} of the run, which picks its target and source address, so the run's spread is
 *     even
 * @param targets /chat URLs, connection n goes to {@code targets[n % size]}
 * @param sourceAddresses loopback source addresses, from 127.0.1.1 upwards
 * @param rooms rooms the connections spread over
 * @param window handshakes in flight at once in this worker
 * @param deflate whether to offer permessage-deflate
 * @param eventLoops event loops of this worker; the window is split over them
 * @param lifetimeSeconds the worker exits by itself after this long, whatever the coordinator says
 */
record WorkerSpec(
    int index,
    int processes,
    List<URI> targets,
    int sourceAddresses,
    int rooms,
    int window,
    boolean deflate,
    int eventLoops,
    long lifetimeSeconds) {

  JsonObject toJson() {
    return new JsonObject()
        .put("index", index)
        .put("processes", processes)
        .put("targets", new JsonArray(targets.stream().map(URI::toString).toList()))
        .put("sourceAddresses", sourceAddresses)
        .put("rooms", rooms)
        .put("window", window)
        .put("deflate", deflate)
        .put("eventLoops", eventLoops)
        .put("lifetimeSeconds", lifetimeSeconds);
  }

  static WorkerSpec fromJson(JsonObject json) {
    List<URI> targets =
        json.getJsonArray("targets").stream().map(t -> URI.create((String) t)).toList();
    return new WorkerSpec(
        json.getInteger("index"),
        json.getInteger("processes"),
        targets,
        json.getInteger("sourceAddresses"),
        json.getInteger("rooms"),
        json.getInteger("window"),
        json.getBoolean("deflate"),
        json.getInteger("eventLoops"),
        json.getLong("lifetimeSeconds"));
  }

  /** The run-wide number of this worker's {@code local}-th connection. */
  long connectionNumber(long local) {
    return local * processes + index;
  }

  URI target(long connection) {
    return targets.get((int) (connection % targets.size()));
  }

  /**
   * The source address of a connection, changing only every {@code targets} connections so that
   * every pair of source address and target gets its share (with {@code n % addresses} instead, 2
   * targets and 2 addresses would send everything from one address to one target and hit the
   * gateway's per-address limit early).
   */
  int sourceAddress(long connection) {
    return (int) ((connection / targets.size()) % sourceAddresses);
  }

  static String sourceAddress(int index) {
    return "127.0." + (1 + index / 250) + "." + (1 + index % 250);
  }
}
