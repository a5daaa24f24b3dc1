package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code distribution/scripts/rolling-restart.sh} in its dry run (no Docker engine here): it
 * restarts every long-running service of the compose file, the Kafka nodes first and each followed
 * by the replication check, then the gateways, the broadcaster and the ingestor, one at a time.
 */
class RollingRestartScriptTest {

  private static final Pattern RESTART = Pattern.compile("restart -t \\d+ (\\S+)");

  @Test
  @DisplayName(
      "restarts the Kafka nodes one by one, each fully replicated before the next, then every Beacon service")
  void dryRunOrder() throws IOException, InterruptedException {
    String out = dryRun();
    List<String> restarted = RESTART.matcher(out).results().map(m -> m.group(1)).toList();

    assertThat(restarted)
        .containsExactly(
            "kafka",
            "kafka2",
            "kafka3",
            "gateway1",
            "gateway2",
            "gateway3",
            "broadcaster",
            "ingestor");
    assertThat(restarted)
        .containsAll(
            composeServices().keySet().stream()
                .filter(
                    s ->
                        s.startsWith("kafka")
                            || s.startsWith("gateway")
                            || s.equals("broadcaster")
                            || s.equals("ingestor"))
                .toList());
    for (String step : out.split("== ")) {
      if (step.startsWith("kafka")) {
        assertThat(step)
            .as("step %s", step.lines().findFirst().orElse(""))
            .contains("waiting until every partition has all its replicas in sync");
      }
    }
    assertThat(out).endsWith("rolling restart done\n");
  }

  private static String dryRun() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "scripts/rolling-restart.sh")
            .directory(new File("../distribution"))
            .redirectErrorStream(true);
    builder.environment().put("DRY_RUN", "1");
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("exit of the dry run:\n%s", out).isZero();
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> composeServices() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(Path.of("../distribution/docker-compose.yml")));
    return (Map<String, Object>) compose.get("services");
  }
}
