package dev.beacon.tools.bench.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code beacon bench fanout} was asked to run, one record per scenario, read once from
 * the command line. Each scenario turns into the config of its load given the gateways' URLs.
 */
public record FanoutSettings(
    Room room,
    Saturation saturation,
    BigRoom bigRoom,
    ManyRooms manyRooms,
    Gps gps,
    Timing timing) {

  /** How long each load run sends (after its warm-up) and waits for late deliveries. */
  public record Timing(Duration duration, Duration warmup, Duration drain) {
    public Timing {
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(
            "--duration must be positive, e.g. 15s, got " + duration);
      }
      if (warmup == null || warmup.isNegative() || drain == null || drain.isNegative()) {
        throw new IllegalArgumentException("--warmup and --drain must be 0 or more, e.g. 5s");
      }
    }

    /**
     * At most how long one load run of {@code connections} takes, connecting and closing included.
     */
    Duration bound(int connections) {
      return duration
          .plus(warmup)
          .plus(drain)
          .plus(ConnectionRamp.deadline(connections))
          .plus(Duration.ofSeconds(90));
    }
  }

  /** {@code room}: P publishers, S subscribers in one room, at each of {@code rates} messages/s. */
  public record Room(String name, int publishers, int subscribers, List<Integer> rates) {
    public Room {
      rates = List.copyOf(rates);
      if (rates.isEmpty() || rates.stream().anyMatch(r -> r == null || r < 1)) {
        throw new IllegalArgumentException(
            "--rate / --rate-steps must be messages/s of at least 1, got " + rates);
      }
    }

    FanoutConfig config(List<URI> urls, int rate, Timing t) {
      return FanoutConfig.singleRoom(
          urls, name, publishers, subscribers, rate, t.duration(), t.warmup(), t.drain());
    }
  }

  /** {@code room --saturate}: the stepping of {@link SaturationSearch}. */
  public record Saturation(int startRate, double factor, int steps, double maxP99Ms) {
    public Saturation {
      new SaturationSearch(startRate, factor, steps, maxP99Ms);
    }

    SaturationSearch search() {
      return new SaturationSearch(startRate, factor, steps, maxP99Ms);
    }
  }

  /** {@code big-room}: one room of many subscribers, a few messages/s. */
  public record BigRoom(String name, int publishers, int subscribers, int rate) {
    FanoutConfig config(List<URI> urls, Timing t) {
      return FanoutConfig.singleRoom(
          urls, name, publishers, subscribers, rate, t.duration(), t.warmup(), t.drain());
    }
  }

  /**
   * {@code many-rooms}: {@code rooms} rooms of {@code members} members, the memberships spread over
   * {@code connections} subscriber connections (so each connection is in {@code rooms * members /
   * connections} rooms), {@code rate} messages/s to random rooms.
   */
  public record ManyRooms(
      String prefix, int rooms, int members, int connections, int publishers, int rate) {
    public ManyRooms {
      new RoomPlan(prefix, rooms, members, connections);
    }

    RoomPlan plan() {
      return new RoomPlan(prefix, rooms, members, connections);
    }

    FanoutConfig config(List<URI> urls, Timing t) {
      return new FanoutConfig(urls, plan(), publishers, rate, t.duration(), t.warmup(), t.drain());
    }

    /** The interpretation, printed with the results. */
    String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "%,d rooms x %,d members = %,d memberships, spread over %,d "
              + "subscriber connections (%.1f rooms each) rather than one connection per membership (at the issue's "
              + "5,000 x 4, 20,000 connections would pass the 20,000 open files one gateway process may hold)",
          rooms,
          members,
          (long) rooms * members,
          connections,
          (double) rooms * members / connections);
    }
  }

  /** {@code gps}: devices at fixes/s each, followers of {@code gps:*} and of single devices. */
  public record Gps(int devices, int fixesPerSecond, int allFollowers, int deviceFollowers) {
    GpsFollowConfig config(List<URI> urls, Timing t) {
      return new GpsFollowConfig(
          urls,
          devices,
          fixesPerSecond,
          allFollowers,
          deviceFollowers,
          t.duration(),
          t.warmup(),
          t.drain());
    }
  }

  /**
   * At most how long a load generator runs {@code scenarios}: the bound of each load run (one per
   * rate step, up to the steps of a saturation search, one for the other scenarios), plus a minute.
   */
  public Duration bound(List<FanoutScenario> scenarios) {
    Duration total = Duration.ofSeconds(60);
    for (FanoutScenario s : scenarios) {
      total =
          total.plus(
              switch (s) {
                case ROOM ->
                    timing
                        .bound(room.publishers() + room.subscribers())
                        .multipliedBy(
                            saturation != null ? saturation.steps() : room.rates().size());
                case BIG_ROOM -> timing.bound(bigRoom.publishers() + bigRoom.subscribers());
                case MANY_ROOMS -> timing.bound(manyRooms.publishers() + manyRooms.connections());
                case GPS ->
                    timing.bound(gps.devices() + gps.allFollowers() + gps.deviceFollowers());
              });
    }
    return total;
  }
}
