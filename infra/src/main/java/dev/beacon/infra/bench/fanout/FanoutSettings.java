package dev.beacon.infra.bench.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code beacon bench fanout} was asked to run, one record per scenario, read once from the command line.
 * Each scenario turns into the config of its load given the gateways' URLs.
 */
public record FanoutSettings(Room room, Saturation saturation, BigRoom bigRoom, ManyRooms manyRooms, Gps gps,
    Timing timing) {

  /** How long each load run sends (after its warm-up) and waits for late deliveries. */
  public record Timing(Duration duration, Duration warmup, Duration drain) {
    public Timing {
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("--duration must be positive, e.g. 15s, got " + duration);
      }
      if (warmup == null || warmup.isNegative() || drain == null || drain.isNegative()) {
        throw new IllegalArgumentException("--warmup and --drain must be 0 or more, e.g. 5s");
      }
    }

    /** At most how long one load run takes, connections and closing included. */
    Duration bound() {
      return duration.plus(warmup).plus(drain).plus(FanoutLoad.CONNECT_DEADLINE).plus(Duration.ofSeconds(90));
    }
  }

  /** {@code room}: P publishers, S subscribers in one room, at each of {@code rates} messages/s. */
  public record Room(String name, int publishers, int subscribers, List<Integer> rates) {
    public Room {
      rates = List.copyOf(rates);
      if (rates.isEmpty() || rates.stream().anyMatch(r -> r == null || r < 1)) {
        throw new IllegalArgumentException("--rate / --rate-steps must be messages/s of at least 1, got " + rates);
      }
    }

    FanoutConfig config(List<URI> urls, int rate, Timing t) {
      return FanoutConfig.singleRoom(urls, name, publishers, subscribers, rate, t.duration(), t.warmup(), t.drain());
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
      return FanoutConfig.singleRoom(urls, name, publishers, subscribers, rate, t.duration(), t.warmup(), t.drain());
    }
  }

  /**
   * {@code many-rooms}: {@code rooms} rooms of {@code members} members, the memberships spread over
   * {@code connections} subscriber connections (so each connection is in {@code rooms * members / connections}
   * rooms), {@code rate} messages/s to random rooms.
   */
  public record ManyRooms(String prefix, int rooms, int members, int connections, int publishers, int rate) {
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
      return String.format(java.util.Locale.ROOT, "%,d rooms x %,d members = %,d memberships over %,d subscriber "
              + "connections (%.1f rooms each), not %,d separate connections: those would pass the 20,000 open files "
              + "a gateway process may hold", rooms, members, (long) rooms * members, connections,
          (double) rooms * members / connections, (long) rooms * members);
    }
  }

  /** {@code gps}: devices at fixes/s each, followers of {@code gps:*} and of single devices. */
  public record Gps(int devices, int fixesPerSecond, int allFollowers, int deviceFollowers) {
    GpsFollowConfig config(List<URI> urls, Timing t) {
      return new GpsFollowConfig(urls, devices, fixesPerSecond, allFollowers, deviceFollowers, t.duration(),
          t.warmup(), t.drain());
    }
  }

  /** At most how long a load generator runs {@code scenarios}: every run's bound, plus a minute. */
  public Duration bound(List<FanoutScenario> scenarios) {
    return timing.bound().multipliedBy(maxRuns(scenarios)).plusSeconds(60);
  }

  /** Load runs {@code scenarios} take: one per rate step, up to the steps of a saturation search, one otherwise. */
  int maxRuns(List<FanoutScenario> scenarios) {
    int runs = 0;
    for (FanoutScenario s : scenarios) {
      runs += s == FanoutScenario.ROOM ? (saturation != null ? saturation.steps() : room.rates().size()) : 1;
    }
    return runs;
  }
}
