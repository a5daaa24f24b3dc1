package dev.beacon.server.cli;

import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.channels.NamespaceConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the channel namespaces are configured (docs/protocol.md, "Channel namespaces"): one JSON
 * file, read the same way by every gateway, the broadcaster and {@code beacon local}.
 */
public final class NamespaceOptions {

  @Option(
      names = "--namespaces-file",
      defaultValue = "${env:BEACON_NAMESPACES_FILE:-}",
      description =
          "JSON file of channel namespaces (rules per channel prefix ns:...: client publish, subscribe "
              + "grant, payload limit, recovery, presence, history, join/leave); empty = the default "
              + "namespace only, today's rules (env BEACON_NAMESPACES_FILE; example "
              + "distribution/namespaces.example.json).")
  String file;

  /**
   * The configured namespaces; a file that is missing or invalid fails the start-up, saying why.
   */
  public ChannelNamespaces namespaces() {
    return file == null || file.isBlank()
        ? ChannelNamespaces.defaults()
        : NamespaceConfig.load(Path.of(file.strip()));
  }
}
