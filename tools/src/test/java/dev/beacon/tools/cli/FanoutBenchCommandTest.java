package dev.beacon.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.tools.bench.fanout.FanoutSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FanoutBenchCommandTest {

  private static FanoutBenchCommand parse(String... args) {
    FanoutBenchCommand command = new FanoutBenchCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  @DisplayName(
      "with no option the scenarios have the sizes of issue 9 and the generator runs in a child process")
  void defaultsAreTheIssuesScenarios() {
    FanoutBenchCommand command = parse();
    FanoutSettings s = command.settings();
    assertThat(command.scenario).isEqualTo("room");
    assertThat(command.generator).isEqualTo("process");
    assertThat(s.room().subscribers()).isEqualTo(200);
    assertThat(s.saturation()).isNull();
    assertThat(s.bigRoom().subscribers()).isEqualTo(10_000);
    assertThat(s.bigRoom().rate()).isEqualTo(10);
    assertThat(s.manyRooms().rooms()).isEqualTo(5000);
    assertThat(s.manyRooms().members()).isEqualTo(4);
    assertThat(s.manyRooms().connections()).isEqualTo(1000);
    assertThat(s.manyRooms().rate()).isEqualTo(1000);
    assertThat(s.gps()).isEqualTo(new FanoutSettings.Gps(10_000, 1, 200, 1000));
  }

  @Test
  @DisplayName("rate steps, saturation and timing options reach the settings")
  void optionsReachTheSettings() {
    FanoutSettings s =
        parse(
                "--rate-steps",
                "20,100",
                "--saturate",
                "--saturate-max-p99",
                "25ms",
                "--duration",
                "5s",
                "--warmup",
                "2s")
            .settings();
    assertThat(s.room().rates()).containsExactly(20, 100);
    assertThat(s.saturation().maxP99Ms()).isEqualTo(25.0);
    assertThat(s.timing().duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.timing().warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(parse("--rate", "7").settings().room().rates()).isEqualTo(List.of(7));
  }
}
