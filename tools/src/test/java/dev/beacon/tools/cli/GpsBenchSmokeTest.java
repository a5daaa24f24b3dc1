package dev.beacon.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench gps --paths ws,http,mqtt} for a few seconds at a tiny rate against its in-process
 * stack (embedded Kafka, gateway with the tracker HTTP and MQTT listeners, ingestor): every path
 * gets its fixes acked and prints its rows. It asserts no speed.
 */
class GpsBenchSmokeTest {

  private static final Pattern COMPLETED_RUN =
      Pattern.compile("sent 120, acked 120, errors 0, unanswered 0");

  @Test
  @DisplayName("ws, http and mqtt each get every fix acked and print their rows in one table")
  void everyPathGetsAcks(@TempDir Path out) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int exit;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      exit =
          new CommandLine(new GpsBenchCommand())
              .execute(
                  "--paths", "ws,http,mqtt",
                  "--connections", "2",
                  "--window", "4",
                  "--fixes", "120",
                  "--devices", "6",
                  "--jit-warmup-fixes", "0",
                  "--warmup", "0s",
                  "--max-duration", "60s",
                  "--latency-rate", "40",
                  "--latency-duration", "2s",
                  "--partitions", "1",
                  "--max-load", "1000",
                  "--out", out.toString());
    } finally {
      System.setOut(previous);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    previous.println(printed);

    assertThat(exit).isZero();
    Matcher completed = COMPLETED_RUN.matcher(printed);
    int completedRuns = 0;
    while (completed.find()) {
      completedRuns++;
    }
    assertThat(completedRuns).as("max-throughput runs with every fix acked").isEqualTo(3);
    assertThat(printed)
        .contains("| path | run | connections |")
        .contains("| ws | max throughput, 6 devices | 2 | 4 | 6 | max |")
        .contains("| http | max throughput, 6 devices | 2 | 1 | 6 | max |")
        .contains("| mqtt | max throughput, 6 devices | 2 | 4 | 6 | max |")
        .contains("| ws | fixed 40 fixes/s, 6 devices |")
        .contains("| http | fixed 40 fixes/s, 6 devices |")
        .contains("| mqtt | fixed 40 fixes/s, 6 devices |");
    assertThat(out.resolve("mqtt-max-throughput-6-devices.svg")).exists();
    assertThat(out.resolve("http-fixed-40-fixes-s-6-devices.beacon-in-process.hgrm")).exists();
  }
}
