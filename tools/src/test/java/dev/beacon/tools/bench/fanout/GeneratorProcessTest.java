package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GeneratorProcessTest {

  @Test
  @DisplayName(
      "the child runs bench fanout on this java and classpath against the gateways, with the user's options")
  void childCommand() {
    List<String> command =
        GeneratorProcess.command(
            List.of(URI.create("ws://127.0.0.1:8080/chat"), URI.create("ws://127.0.0.1:8082/chat")),
            URI.create("http://127.0.0.1:8080/metrics"),
            List.of(
                "--log-level",
                "WARN",
                "bench",
                "fanout",
                "--scenario",
                "big-room",
                "--generator",
                "process",
                "--duration=5s"),
            4242);
    assertThat(command.get(0)).isEqualTo(ProcessHandle.current().info().command().orElse("java"));
    assertThat(command.subList(1, 4))
        .containsExactly("-cp", System.getProperty("java.class.path"), GeneratorProcess.MAIN_CLASS);
    assertThat(command.subList(4, command.size()))
        .containsExactly(
            "--log-level",
            "WARN",
            "bench",
            "fanout",
            "--generator",
            "inline",
            "--url",
            "ws://127.0.0.1:8080/chat,ws://127.0.0.1:8082/chat",
            "--metrics-url",
            "http://127.0.0.1:8080/metrics",
            "--exit-with",
            "4242",
            "--label",
            GeneratorProcess.LABEL,
            "--scenario",
            "big-room",
            "--duration=5s");
  }

  @Test
  @DisplayName(
      "options the parent sets for the child are dropped from the user's, in both spellings")
  void dropsParentOptions() {
    assertThat(
            GeneratorProcess.scenarioArgs(
                List.of(
                    "--generator=process",
                    "--url",
                    "ws://x/chat",
                    "--rate",
                    "5",
                    "--metrics-url=http://x/metrics",
                    "--saturate")))
        .containsExactly("--rate", "5", "--saturate");
  }

  @Test
  @DisplayName(
      "--out (the parent passes the resolved directory) and --require-idle (the parent alone refuses) "
          + "stay with the parent; --max-load and the payload go to the child")
  void keepsTheParentsConditionsAndFiles() {
    assertThat(
            GeneratorProcess.scenarioArgs(
                List.of(
                    "--require-idle",
                    "--rate",
                    "5",
                    "--out",
                    "results",
                    "--max-load",
                    "2",
                    "--payload=json")))
        .containsExactly("--rate", "5", "--max-load", "2", "--payload=json");
  }

  @Test
  @DisplayName("metrics are read at /metrics of each distinct gateway host:port")
  void derivesMetricsUrls() {
    assertThat(
            MetricsUrls.derive(
                List.of(
                    URI.create("ws://127.0.0.1:8080/chat"),
                    URI.create("wss://gw:443/chat"),
                    URI.create("ws://127.0.0.1:8080/ws"))))
        .containsExactly(
            URI.create("http://127.0.0.1:8080/metrics"), URI.create("https://gw:443/metrics"));
  }
}
