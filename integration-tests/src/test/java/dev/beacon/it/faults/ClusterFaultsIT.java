package dev.beacon.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.GpsDb;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beacon on three real brokers ({@link ClusterStack}, shared by the tests) while devices send fixes
 * through two gateways and two chat rooms are busy on both (traffic of each test's own): the broker
 * leading {@code beacon.gps}, the broadcaster's transaction coordinator and the ingestor's group
 * coordinator are SIGKILLed in turn; a broadcaster stalls past its transaction timeout; every part
 * is restarted one at a time. Each test ends with the whole run's check of its traffic: every fix
 * answered {@code OK} is in both ingestors' stores exactly once, every follower of every room holds
 * every message once and in order, and the positions API of each ingestor answers for every device.
 * Each leaves the cluster whole, so they pass in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFaultsIT {

  private static final Logger log = LoggerFactory.getLogger(ClusterFaultsIT.class);

  /**
   * The target for fixes acknowledged and messages delivered again after a broker dies:
   * reported.
   */
  static final Duration RECOVERY_TARGET = Duration.ofSeconds(10);

  /**
   * What the test holds recovery to. Above the target because on the shared 2-core machine (load
   * average 35-40 from other work) a broker failover measured 8-11 s until fixes were acknowledged
   * again and 14-17 s until every follower had a message again (docs/operations.md); the report
   * marks every figure over the target.
   */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

  /**
   * How long a broadcaster stays stopped: past its 15 s transaction timeout plus the 10 s in which
   * the coordinator looks for timed-out transactions
   * (transaction.abort.timed.out.transaction.cleanup.interval.ms).
   */
  private static final Duration STALL = Duration.ofSeconds(27);

  /**
   * That traffic ran through a test (the shortest, the stall, runs about 40 s): fixes answered OK,
   * chat messages.
   */
  private static final int MIN_FIXES = 200;

  private static final int MIN_MESSAGES = 100;
  private static final Set<String> DOCUMENTED_CLOSES =
      Set.of("null", "1000", "1001", "1006", "1011", "4001", "4010");

  /** Kept when a test fails: every process's log is in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private Vertx vertx;
  private ClusterStack stack;
  private DeviceFleet devices;
  private List<RoomTraffic> rooms;
  private final Map<String, Recovery> recoveries = new LinkedHashMap<>();

  /**
   * After a fault: until a fix was acknowledged, stored by both ingestors, and delivered to every
   * follower.
   */
  record Recovery(
      int node, Duration acked, Duration stored, Duration delivered, Duration partBack) {}

  @BeforeAll
  void startCluster() {
    vertx = Vertx.vertx();
    stack = ClusterStack.start(dir);
  }

  @BeforeEach
  void startTraffic(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    devices = DeviceFleet.start(vertx, stack.gatewayPorts(), 6);
    rooms =
        List.of(
            RoomTraffic.start(vertx, stack.gatewayPorts(), 2, "north-" + name),
            RoomTraffic.start(vertx, stack.gatewayPorts(), 2, "south-" + name));
    measureSince("(warm-up of " + name + ")", 0, System.currentTimeMillis(), Duration.ZERO);
  }

  @AfterEach
  void stopTraffic() throws InterruptedException {
    closeTraffic();
  }

  @Test
  @DisplayName(
      "the broker leading beacon.gps, then the broadcaster's transaction coordinator, then the ingestor's"
          + " group coordinator SIGKILLed: fixes acknowledged and messages delivered again within 30 s each (10 s"
          + " targeted, reported); nothing lost")
  void brokerFailover() throws Exception {
    BrokerQuorum brokers = stack.brokers();
    killAndRestart("leader of beacon.gps", brokers.leaderOfMost(Topics.GPS));
    killAndRestart(
        "transaction coordinator of broadcaster b1",
        brokers.transactionCoordinator(ClusterStack.transactionalId("b1")));
    killAndRestart(
        "group coordinator of ingestor a",
        brokers.groupCoordinator(ClusterStack.ingestorGroup("a")));
    recoveries.forEach(
        (fault, r) -> {
          if (r.node() > 0) {
            assertThat(r.acked())
                .as("fixes acknowledged again after: " + fault)
                .isLessThanOrEqualTo(RECOVERY_BOUND);
            assertThat(r.delivered())
                .as("messages delivered again after: " + fault)
                .isLessThanOrEqualTo(RECOVERY_BOUND);
          }
        });
    assertNothingLostNoDuplicate();
  }

  @Test
  @DisplayName(
      "a broadcaster stopped past its transaction timeout and continued is fenced: nothing committed twice,"
          + " nothing lost")
  void stalledBroadcasterIsFenced() throws Exception {
    BeaconProcess stalled = stack.broadcaster("b2");
    ClusterStack.signal(stalled, "STOP");
    Thread.sleep(STALL.toMillis());
    long resumed = System.currentTimeMillis();
    ClusterStack.signal(stalled, "CONT");
    measureSince(
        "broadcaster b2 SIGSTOP " + STALL.toSeconds() + " s, then SIGCONT",
        0,
        resumed,
        Duration.ZERO);
    assertThat(CommittedDeliveries.duplicates(stack.brokers().bootstrap()))
        .as("deliveries committed twice for one message (logs in %s)", dir)
        .isZero();
    assertNothingLostNoDuplicate();
  }

  @Test
  @DisplayName(
      "a rolling restart, one part of each kind at a time, under traffic: ingest and delivery resume after"
          + " each; nothing lost")
  void rollingRestart() throws Exception {
    // One part of each kind, the broker leading most of beacon.messages first: the failover test
    // has restarted
    // brokers already, the others of a kind restart exactly the same way, and each restart costs
    // the suite half a
    // minute to a minute (a broker until it is back in every in-sync set).
    // distribution/scripts/rolling-restart.sh rolls all.
    RollingRestart.onePerKind(stack, stack.brokers().leaderOfMost(Topics.MESSAGES))
        .run((part, back) -> measureSince("rolling restart: " + part, 0, back, Duration.ZERO));
    assertNothingLostNoDuplicate();
  }

  /**
   * The whole run of this test's traffic: nothing acknowledged lost, no duplicate row, rooms whole
   * and in order, the positions API answers for every device from each ingestor.
   */
  private void assertNothingLostNoDuplicate() throws Exception {
    devices.close();
    rooms.forEach(RoomTraffic::stopPublishing);
    for (RoomTraffic room : rooms) {
      Await.until(
          "every follower to hold every delivered message", ClusterStack.WAIT, room::caughtUp);
    }
    Set<String> acked = devices.acked();
    for (String ingestor : ClusterStack.INGESTORS) {
      Path db = stack.database(ingestor);
      awaitStored(ingestor, db, acked);
      assertThat(GpsDb.duplicateKeys(db)).as("duplicate rows in ingestor " + ingestor).isZero();
      PositionsCheck.answersForEveryDevice(
          stack.ingestorApi(ingestor), ClusterStack.READ_TOKEN, devices.deviceIds());
    }
    assertThat(acked).as("fixes answered OK").hasSizeGreaterThan(MIN_FIXES);
    Set<String> closes = new HashSet<>(devices.closeCodes());
    for (RoomTraffic room : rooms) {
      Set<Integer> delivered = new TreeSet<>(room.delivered());
      assertThat(delivered).as("chat messages delivered").hasSizeGreaterThan(MIN_MESSAGES);
      for (List<Integer> received : room.followerLists()) {
        assertThat(received)
            .as("a follower's messages: in order, no duplicate")
            .isSorted()
            .doesNotHaveDuplicates();
        assertThat(new TreeSet<>(received))
            .as("a follower's messages: no gap")
            .isEqualTo(delivered);
      }
      assertThat(room.unrecovered()).as("resubscriptions that could not recover").isZero();
      closes.addAll(room.closeCodes());
    }
    assertThat(closes).as("close codes clients saw").isSubsetOf(DOCUMENTED_CLOSES);
    log.info(
        "cluster faults: fixes OK {}, ERR {}, unanswered {}; chat delivered {}; close codes {}",
        acked.size(),
        devices.errors(),
        devices.unanswered(),
        rooms.stream().mapToInt(r -> r.delivered().size()).sum(),
        closes);
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    report();
    try {
      closeTraffic();
    } finally {
      if (stack != null) {
        stack.close();
      }
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  private void closeTraffic() throws InterruptedException {
    if (devices != null) {
      devices.close();
      devices = null;
    }
    if (rooms != null) {
      for (RoomTraffic room : rooms) {
        room.close();
      }
      rooms = null;
    }
  }

  /**
   * SIGKILLs broker {@code node}, measures recovery while it is down, then restarts it until fully
   * replicated.
   */
  private void killAndRestart(String role, int node) {
    log.info("fault: SIGKILL broker {} ({})", node, role);
    long killed = System.currentTimeMillis();
    stack.brokers().kill(node);
    Recovery r = measureSince(role + " (broker " + node + ") SIGKILL", node, killed, Duration.ZERO);
    Duration back = stack.brokers().restart(node);
    recoveries.put(
        role + " (broker " + node + ") SIGKILL",
        new Recovery(node, r.acked(), r.stored(), r.delivered(), back));
  }

  private Recovery measureSince(String fault, int node, long wallMillis, Duration partBack) {
    long startNanos =
        System.nanoTime() - Duration.ofMillis(System.currentTimeMillis() - wallMillis).toNanos();
    Duration acked = null;
    Duration stored = null;
    Duration delivered = null;
    long end = System.nanoTime() + ClusterStack.WAIT.toNanos();
    while ((acked == null || stored == null || delivered == null) && System.nanoTime() < end) {
      if (acked == null && devices.okSince(wallMillis)) {
        acked = since(startNanos);
      }
      if (stored == null
          && ClusterStack.INGESTORS.stream()
              .allMatch(i -> StoredFixes.anySince(stack.database(i), wallMillis))) {
        stored = since(startNanos);
      }
      if (delivered == null
          && rooms.stream().allMatch(room -> room.everyoneReceivedSince(wallMillis))) {
        delivered = since(startNanos);
      }
      sleep(50);
    }
    Recovery r = new Recovery(node, acked, stored, delivered, partBack);
    recoveries.put(fault, r);
    log.info(
        "fault: {}: fixes acknowledged again after {}, stored by both ingestors after {}, delivered after {}",
        fault,
        acked,
        stored,
        delivered);
    assertThat(acked).as("fixes acknowledged again after: " + fault).isNotNull();
    assertThat(stored).as("fixes stored again after: " + fault).isNotNull();
    assertThat(delivered).as("messages delivered again after: " + fault).isNotNull();
    return r;
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void awaitStored(String ingestor, Path db, Set<String> acked) {
    try {
      Await.until(
          "every acknowledged fix in ingestor " + ingestor,
          ClusterStack.WAIT,
          () -> StoredFixes.keys(db).containsAll(acked));
    } catch (AssertionError e) {
      Set<String> missing = new TreeSet<>(acked);
      missing.removeAll(StoredFixes.keys(db));
      throw new AssertionError(
          missing.size()
              + " acknowledged fixes not in ingestor "
              + ingestor
              + ", e.g. "
              + missing.stream().limit(10).toList()
              + "; logs in "
              + dir,
          e);
    }
  }

  private void report() {
    StringBuilder table =
        new StringBuilder(
            "\n| fault | fixes acknowledged again | stored by both ingestors |"
                + " delivered to every follower | part back (fully replicated) |\n|---|---|---|---|---|\n");
    recoveries.forEach(
        (fault, r) ->
            table.append(
                String.format(
                    "| %s | %s | %s | %s | %s |%n",
                    fault,
                    seconds(r.acked()),
                    seconds(r.stored()),
                    seconds(r.delivered()),
                    String.format("%.1f s", r.partBack().toMillis() / 1000.0))));
    log.info("cluster faults (times from the fault, or from the part's return): {}", table);
  }

  private static String seconds(Duration d) {
    if (d == null) {
      return "-";
    }
    return String.format(
        "%.1f s%s",
        d.toMillis() / 1000.0, d.compareTo(RECOVERY_TARGET) > 0 ? " (over target)" : "");
  }
}
