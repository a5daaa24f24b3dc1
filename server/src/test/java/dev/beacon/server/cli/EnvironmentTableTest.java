package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's tables of {@code BEACON_*} variables and the command line's options say the same
 * thing. Options are read from the sources of every module ({@code defaultValue =
 * "${env:BEACON_...}"} on a picocli option), so the check follows options wherever they move. The
 * README's configuration table hands the security and client settings to docs/security.md#settings
 * and docs/client.md#options; their tables count as part of it.
 */
@DisplayName("The README's environment table equals the command line's options")
class EnvironmentTableTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern OPTION_ENV =
      Pattern.compile("defaultValue\\s*=\\s*\"\\$\\{env:(BEACON_[A-Z0-9_]+)");
  private static final Pattern DOCUMENTED =
      Pattern.compile("`(BEACON_[A-Z0-9_]+(?:_\\*|_<NAME>)?)`");

  /** Variables the README documents that no option reads, and what reads them instead. */
  private static final Map<String, String> READ_ELSEWHERE =
      Map.of(
          "BEACON_KAFKA_LOG_LEVEL", "logback.xml, for Kafka's own loggers",
          "BEACON_KAFKA_CLIENT_<NAME>", "KafkaClientProperties: any Kafka client property by name",
          "BEACON_LB_PORT", "the HAProxy example's configuration (infra/haproxy)",
          "BEACON_NGINX_*", "the nginx service of infra/docker-compose.yml");

  @Test
  @DisplayName("every option's environment variable is documented")
  void everyOptionDocumented() {
    Set<String> documented = documented("README.md");
    documented.addAll(documented("docs/security.md"));
    documented.addAll(documented("docs/client.md"));

    assertThat(optionVariables())
        .as("options whose BEACON_* variable no table documents")
        .isSubsetOf(documented);
  }

  @Test
  @DisplayName("every variable in the README is an option's, or explicitly read elsewhere")
  void everyDocumentedVariableRead() {
    Set<String> options = optionVariables();
    Set<String> stale = new TreeSet<>();
    for (String variable : documented("README.md")) {
      boolean isOption =
          variable.endsWith("_*")
              ? options.stream()
                  .anyMatch(o -> o.startsWith(variable.substring(0, variable.length() - 1)))
              : options.contains(variable);
      if (!isOption && !READ_ELSEWHERE.containsKey(variable)) {
        stale.add(variable);
      }
    }
    assertThat(stale)
        .as("README variables no option reads (add them to READ_ELSEWHERE with what reads them)")
        .isEmpty();
    assertThat(options).as("the sources were found").hasSizeGreaterThan(50);
  }

  /** The {@code BEACON_*} variables named in the Markdown tables of {@code file}. */
  private static Set<String> documented(String file) {
    Set<String> names = new TreeSet<>();
    try (Stream<String> lines = Files.lines(ROOT.resolve(file))) {
      lines
          .filter(line -> line.startsWith("|"))
          .forEach(
              line -> {
                Matcher m = DOCUMENTED.matcher(line);
                while (m.find()) {
                  names.add(m.group(1));
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** The environment variable of every picocli option in the main sources of every module. */
  private static Set<String> optionVariables() {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files
          .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
          .filter(
              p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
          .forEach(
              p -> {
                try {
                  Matcher m = OPTION_ENV.matcher(Files.readString(p));
                  while (m.find()) {
                    names.add(m.group(1));
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
