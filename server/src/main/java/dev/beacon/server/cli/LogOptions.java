package dev.beacon.server.cli;

import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The process-wide log format and level, accepted by every subcommand. Logback reads them from the
 * system properties {@code BEACON_LOG_FORMAT} and {@code BEACON_LOG_LEVEL} (falling back to the
 * environment), so the options only validate their value and set the property; this happens while
 * the command line is parsed, before anything logs and so before Logback reads {@code logback.xml}.
 */
public final class LogOptions {

  /** The formats {@code logback.xml} has an appender for. */
  public static final Set<String> FORMATS = Set.of("text", "json");

  private static final Set<String> LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:BEACON_LOG_FORMAT:-text}",
      paramLabel = "text|json",
      description =
          "Log lines as text or as one JSON object per line (env BEACON_LOG_FORMAT, default ${DEFAULT-VALUE}).")
  void logFormat(String format) {
    String value = format.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(value)) {
      throw new ParameterException(
          spec.commandLine(),
          "log format '"
              + format
              + "' is unknown; set --log-format or"
              + " BEACON_LOG_FORMAT to text or json");
    }
    System.setProperty("BEACON_LOG_FORMAT", value);
  }

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:BEACON_LOG_LEVEL:-INFO}",
      paramLabel = "LEVEL",
      description =
          "Level of Beacon's own loggers: TRACE, DEBUG, INFO, WARN or ERROR "
              + "(env BEACON_LOG_LEVEL, default ${DEFAULT-VALUE}).")
  void logLevel(String level) {
    String value = level.trim().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(value)) {
      throw new ParameterException(
          spec.commandLine(),
          "log level '"
              + level
              + "' is unknown; set --log-level or"
              + " BEACON_LOG_LEVEL to one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
    System.setProperty("BEACON_LOG_LEVEL", value);
  }
}
