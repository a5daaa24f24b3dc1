package dev.beacon.server.cli;

import dev.beacon.gateway.trackers.TrackerConfig;

/**
 * The start-up lines of the tracker listeners: each address with a command that sends it a fix, so
 * a newcomer can try it (or point a phone at it) at once.
 */
public final class TrackerLines {

  private TrackerLines() {}

  /** The lines for {@code trackers}, reached at {@code host}; empty when both are off. */
  public static String of(TrackerConfig trackers, String host) {
    StringBuilder lines = new StringBuilder();
    String n = System.lineSeparator();
    if (trackers.httpEnabled()) {
      String base = "http://" + host + ":" + trackers.httpPort();
      lines
          .append("  OsmAnd/Traccar HTTP  ")
          .append(base)
          .append("/   (try: curl -X POST \"")
          .append(base)
          .append("/?id=32&lat=44.8159&lon=20.4601&timestamp=$(date +%s)&speed=10&batt=80\")")
          .append(n)
          .append("  OwnTracks HTTP       ")
          .append(base)
          .append("/owntracks   (docs/trackers.md)")
          .append(n);
    } else {
      lines
          .append(
              "  tracker HTTP         off (--tracker-http true to serve OsmAnd, Traccar Client, OwnTracks)")
          .append(n);
    }
    if (trackers.mqttEnabled()) {
      lines
          .append("  MQTT                 mqtt://")
          .append(host)
          .append(':')
          .append(trackers.mqttPort())
          .append("   (try: mosquitto_pub -h ")
          .append(host)
          .append(" -p ")
          .append(trackers.mqttPort())
          .append(
              " -q 1 -t owntracks/ana/phone -m \"{\\\"_type\\\":\\\"location\\\",\\\"tst\\\":$(date +%s),\\\"lat\\\":44.8159,\\\"lon\\\":20.4601}\")")
          .append(n);
    } else {
      lines.append("  MQTT                 off (--mqtt true to serve it)").append(n);
    }
    return lines.toString();
  }

  /** Prints {@link #of}. */
  public static void print(TrackerConfig trackers, String host) {
    System.out.print(of(trackers, host));
  }
}
