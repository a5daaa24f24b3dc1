package dev.beacon.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project version Maven wrote into {@value #RESOURCE} when it built the jar.
 */
public final class BuildVersion implements IVersionProvider {

  static final String RESOURCE = "/beacon-build.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
      "Beacon " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** The built version, or {@code unknown} when run from classes that were not built by Maven. */
  public static String version() {
    return property("version");
  }

  /**
   * The abbreviated git commit the jar was built from, with {@code -dirty} when the work tree had
   * uncommitted changes, or {@code unknown} when it was built outside git or not by Maven.
   */
  public static String commit() {
    String commit = property("commit");
    return "true".equals(property("dirty")) && !"unknown".equals(commit)
        ? commit + "-dirty"
        : commit;
  }

  private static String property(String name) {
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String value = properties.getProperty(name, "unknown");
      // an unfiltered placeholder: the build had no git work tree to read
      return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
