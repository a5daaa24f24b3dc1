package dev.beacon.tools.bench.soak;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.server.Blocking;
import dev.beacon.tools.bench.ChildServices;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code beacon bench soak}: an embedded broker in this JVM, a gateway, the broadcaster and the
 * ingestor as child processes, and {@link SoakTraffic} against them for a set time; every interval
 * it samples each process's heap after a full GC, native memory, file descriptors and threads, and
 * the consumer groups' lag. At the end it waits for the pipeline to drain and checks every
 * acknowledged fix is in SQLite once and no chat message was lost or duplicated.
 */
public final class SoakRun {

  private static final Duration DRAIN = Duration.ofSeconds(60);

  private final SoakConfig config;
  private final PrintStream out;
  private final Path workDir;

  public SoakRun(SoakConfig config, PrintStream out, Path workDir) {
    this.config = config;
    this.out = out;
    this.workDir = workDir;
  }

  public SoakResult run() throws Exception {
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(workDir.resolve("kafka")));
        ChildServices services = new ChildServices(workDir, kafka.bootstrap(), List.of("-Xmx1g"));
        KafkaLag lag = new KafkaLag(kafka.bootstrap())) {
      long broadcaster = services.broadcaster().pid();
      int ingestorPort = ChildServices.freePort();
      Path dataDir = workDir.resolve("ingestor");
      long ingestor = services.ingestor(dataDir, ingestorPort).pid();
      int port = ChildServices.freePort();
      long gateway = services.gateway("soak-gw", port, Map.of()).pid();
      Vertx vertx = Vertx.vertx();
      try {
        SoakTraffic traffic = new SoakTraffic(vertx, URI.create("ws://127.0.0.1:" + port), config);
        traffic.start();
        List<SoakSample> samples = sample(traffic, lag, gateway, broadcaster, ingestor);
        traffic.stop();
        Set<String> acked = traffic.acked();
        Path db = dataDir.resolve("gps.db");
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while ((lag.of("beacon-ingestor") != 0 || traffic.lost() > 0)
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        Set<String> stored = storedKeys(db);
        long missing = acked.stream().filter(k -> !stored.contains(k)).count();
        return new SoakResult(
            samples,
            SoakVerdict.judge(judged(samples)),
            acked.size(),
            missing,
            duplicateRows(db),
            traffic.acceptedMessages(),
            traffic.lost(),
            traffic.duplicates(),
            traffic.closeCodes());
      } finally {
        Blocking.awaitQuietly(vertx.close(), "stop the soak clients");
      }
    }
  }

  private List<SoakSample> sample(
      SoakTraffic traffic, KafkaLag lag, long gateway, long broadcaster, long ingestor)
      throws InterruptedException {
    List<SoakSample> samples = new ArrayList<>();
    long started = System.nanoTime();
    out.println(SoakSample.markdownHeader());
    for (long next = config.interval().toNanos();
        next <= config.duration().toNanos();
        next += config.interval().toNanos()) {
      long wait = started + next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
      SoakSample sample =
          new SoakSample(
              (System.nanoTime() - started) / 1_000_000_000,
              ProcessGauges.of(gateway),
              ProcessGauges.of(broadcaster),
              ProcessGauges.of(ingestor),
              lag.of("beacon-ingestor"),
              lag.of("beacon-broadcaster"),
              traffic.acked().size(),
              traffic.churned.get());
      samples.add(sample);
      out.println(sample.markdownRow());
    }
    return samples;
  }

  private List<SoakSample> judged(List<SoakSample> samples) {
    return samples.stream().filter(s -> s.atSeconds() >= config.warmup().toSeconds()).toList();
  }

  private static Set<String> storedKeys(Path db) throws SQLException {
    Set<String> keys = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT device_id || '|' || device_ts FROM gps_fix WHERE device_id LIKE 'soak-dev-%'")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  private static long duplicateRows(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM (SELECT 1 FROM gps_fix GROUP BY device_id, device_ts"
                    + " HAVING COUNT(*) > 1)")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
