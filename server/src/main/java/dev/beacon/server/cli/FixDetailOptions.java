package dev.beacon.server.cli;

import dev.beacon.common.gps.FixDetailLimits;
import picocli.CommandLine.Option;

/** The bounds of a fix's attributes (docs/protocol.md, "GPS fix details"). */
public final class FixDetailOptions {

  @Option(
      names = "--fix-max-attributes",
      defaultValue =
          "${env:BEACON_FIX_MAX_ATTRIBUTES:-" + FixDetailLimits.DEFAULT_MAX_ATTRIBUTES + "}",
      description =
          "Most attributes a fix may carry; more is too_many_attributes"
              + " (env BEACON_FIX_MAX_ATTRIBUTES, default ${DEFAULT-VALUE}).")
  int maxAttributes;

  @Option(
      names = "--fix-max-attribute-name-length",
      defaultValue =
          "${env:BEACON_FIX_MAX_ATTRIBUTE_NAME_LENGTH:-"
              + FixDetailLimits.DEFAULT_MAX_NAME_LENGTH
              + "}",
      description =
          "Longest attribute name; longer is bad_attribute"
              + " (env BEACON_FIX_MAX_ATTRIBUTE_NAME_LENGTH, default ${DEFAULT-VALUE}).")
  int maxNameLength;

  @Option(
      names = "--fix-max-attribute-value-length",
      defaultValue =
          "${env:BEACON_FIX_MAX_ATTRIBUTE_VALUE_LENGTH:-"
              + FixDetailLimits.DEFAULT_MAX_VALUE_LENGTH
              + "}",
      description =
          "Longest string value of an attribute; longer is bad_attribute"
              + " (env BEACON_FIX_MAX_ATTRIBUTE_VALUE_LENGTH, default ${DEFAULT-VALUE}).")
  int maxValueLength;

  public FixDetailLimits limits() {
    return new FixDetailLimits(maxAttributes, maxNameLength, maxValueLength);
  }
}
