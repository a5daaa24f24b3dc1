package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.server.BeaconServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LogOptionsTest {

  private final String format = System.getProperty("BEACON_LOG_FORMAT");
  private final String level = System.getProperty("BEACON_LOG_LEVEL");

  @AfterEach
  void restore() {
    restore("BEACON_LOG_FORMAT", format);
    restore("BEACON_LOG_LEVEL", level);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  @DisplayName(
      "--log-format and --log-level, accepted after any subcommand, set the properties logback.xml reads")
  void setsProperties() {
    BeaconServer.commandLine().parseArgs("gateway", "--log-format", "JSON", "--log-level", "debug");

    assertThat(System.getProperty("BEACON_LOG_FORMAT")).isEqualTo("json");
    assertThat(System.getProperty("BEACON_LOG_LEVEL")).isEqualTo("DEBUG");
  }

  @Test
  @DisplayName("an unknown format stops the command with exit code 2 and names the variable")
  void rejectsUnknownFormat() {
    StringWriter err = new StringWriter();
    CommandLine beacon = BeaconServer.commandLine();
    beacon.setErr(new PrintWriter(err));

    int exit = beacon.execute("ingestor", "--log-format", "xml");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("log format 'xml' is unknown")
        .contains("BEACON_LOG_FORMAT");
  }
}
