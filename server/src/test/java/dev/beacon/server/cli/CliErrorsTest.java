package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@DisplayName("CliErrors names a bad setting as the user gave it")
class CliErrorsTest {

  /**
   * Unset in the test's environment, so {@code abc}, the fallback, stands for a bad value from the
   * environment.
   */
  @Command(name = "demo", mixinStandardHelpOptions = true, version = "demo 1")
  static final class FromEnvironment implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:BEACON_CLI_ERRORS_TEST_PORT:-abc}")
    int port;

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Command(name = "demo")
  static final class Validated implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:BEACON_CLI_ERRORS_TEST_PORT:-1}")
    int port;

    @Override
    public Integer call() {
      throw new IllegalArgumentException(
          "port must be 0-65535, got " + port + "; fix BEACON_CLI_ERRORS_TEST_PORT");
    }
  }

  record Run(int exit, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = CliErrors.install(new CommandLine(command));
    line.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = line.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  @DisplayName(
      "a value from the environment that does not parse is reported as the environment variable")
  void unparsableFromEnvironment() {
    Run run = run(new FromEnvironment());

    assertThat(run.exit()).isEqualTo(CliErrors.BAD_SETTING);
    assertThat(run.err())
        .contains("Invalid value for BEACON_CLI_ERRORS_TEST_PORT: 'abc'")
        .doesNotContain("option '--port'");
  }

  @Test
  @DisplayName("a flag that does not parse is reported as the flag")
  void unparsableFlag() {
    Run run = run(new FromEnvironment(), "--port=x");

    assertThat(run.exit()).isEqualTo(CliErrors.BAD_SETTING);
    assertThat(run.err()).contains("Invalid value for option '--port': 'x'");
  }

  @Test
  @DisplayName(
      "a value a config refuses names the flag when it came from the flag, the variable otherwise")
  void refusedValue() {
    assertThat(run(new Validated(), "--port=70000").err())
        .contains("got 70000; fix --port")
        .doesNotContain("BEACON_CLI_ERRORS_TEST_PORT");
    assertThat(run(new Validated()).err()).contains("got 1; fix BEACON_CLI_ERRORS_TEST_PORT");
  }

  @Test
  @DisplayName("--help and --version work whatever the environment holds")
  void helpAndVersion() {
    Run help = run(new FromEnvironment(), "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: demo");
    assertThat(help.err()).isEmpty();

    Run version = run(new FromEnvironment(), "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).contains("demo 1");
  }

  @Test
  @DisplayName("the environment variable of an option is read from its default, not its value")
  void envVariable() {
    CommandLine line = new CommandLine(new FromEnvironment());
    assertThat(CliErrors.envVariable(line.getCommandSpec().findOption("--port")))
        .contains("BEACON_CLI_ERRORS_TEST_PORT");
    assertThat(line.getCommandSpec().findOption("--port").defaultValue()).isEqualTo("abc");
  }
}
