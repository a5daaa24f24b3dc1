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
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
