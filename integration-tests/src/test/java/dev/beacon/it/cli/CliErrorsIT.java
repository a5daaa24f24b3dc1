package dev.beacon.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.BeaconProcess;
import dev.beacon.server.cli.CliErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code java -jar beacon.jar} as a user runs it, with settings that cannot work. */
@DisplayName("The command line")
class CliErrorsIT {

  record Run(int exit, String out, String err) {}

  static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(BeaconProcess.javaBinary(), "-jar", BeaconProcess.jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("BEACON_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("beacon exited").isTrue();
    return new Run(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  static void assertOneLine(Run run, String expected) {
    assertThat(run.exit())
        .as("exit status; stderr: %s", run.err())
        .isEqualTo(CliErrors.BAD_SETTING);
    assertThat(run.err().lines().toList()).as("stderr").hasSize(1);
    assertThat(run.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @DisplayName(
      "a short JWT secret by flag ends with one line naming the setting and what to give, status 2")
  void shortSecret() throws Exception {
    assertOneLine(
        run(Map.of(), "gateway", "--jwt-hs256-secret", "short"),
        "beacon gateway: --jwt-hs256-secret must be at least 32 bytes");
  }

  @Test
  @DisplayName("a bad value from the environment, and an unparsable flag, end the same way")
  void badValues() throws Exception {
    assertOneLine(
        run(Map.of("BEACON_JWT_JWKS_URL", "http://idp.example.com/jwks.json"), "gateway"),
        "BEACON_JWT_JWKS_URL must be an https:// URL");
    assertOneLine(run(Map.of(), "gateway", "--port", "abc"), "Invalid value for option '--port'");
  }

  @Test
  @DisplayName(
      "a bad value is reported as the user gave it: the variable when from the environment, else the flag")
  void settingAsGiven() throws Exception {
    Run fromEnv = run(Map.of("BEACON_GATEWAY_PORT", "abc"), "gateway");
    assertOneLine(fromEnv, "Invalid value for BEACON_GATEWAY_PORT: 'abc'");
    assertThat(fromEnv.err()).doesNotContain("--port");
    Run fromFlag = run(Map.of(), "gateway", "--port=70000");
    assertOneLine(fromFlag, "fix --port");
    assertThat(fromFlag.err()).doesNotContain("BEACON_GATEWAY_PORT");
  }

  @Test
  @DisplayName("--help and --version work whatever the environment holds")
  void helpWithBadEnvironment() throws Exception {
    Run help = run(Map.of("BEACON_LOG_LEVEL", "loud"), "gateway", "--help");
    assertThat(help.exit()).as("exit status; stderr: %s", help.err()).isZero();
    assertThat(help.out()).contains("Usage: beacon gateway");
    Run version = run(Map.of("BEACON_LOG_LEVEL", "loud"), "--version");
    assertThat(version.exit()).as("exit status; stderr: %s", version.err()).isZero();
    assertThat(version.out()).startsWith("Beacon ");
  }

  @Test
  @DisplayName(
      "the ingestor's read settings: a short read token, an unknown auth mode, a wildcard origin")
  void ingestorReadSettings() throws Exception {
    assertOneLine(
        run(Map.of("BEACON_INGESTOR_READ_TOKEN", "short"), "ingestor"),
        "BEACON_INGESTOR_READ_TOKEN must be at least 16 characters");
    assertOneLine(
        run(Map.of(), "ingestor", "--api-auth", "none"), "--api-auth must be 'authenticated'");
    assertOneLine(
        run(Map.of("BEACON_INGESTOR_ALLOWED_ORIGINS", "*"), "ingestor"),
        "BEACON_INGESTOR_ALLOWED_ORIGINS: '*' is not an exact origin");
  }

  @Test
  @DisplayName("--version prints the version Maven built")
  void version() throws Exception {
    Run run = run(Map.of(), "--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("Beacon " + System.getProperty("beacon.version", "(beacon.version not set)"));
  }
}
