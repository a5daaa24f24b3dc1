package dev.beacon.tools.cli;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.server.Blocking;
import dev.beacon.server.cli.DurationConverter;
import dev.beacon.tools.chat.ChatDemo;
import dev.beacon.tools.chat.ChatPrinter;
import dev.beacon.tools.chat.ChatStress;
import dev.beacon.tools.chat.InteractiveChat;
import dev.beacon.tools.chat.StressResult;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beacon chat}: a chat client on the Java client library, interactive, as a demo, or as a
 * load test.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chat with a Beacon gateway through the Java client library (reconnects by itself, recovers rooms).",
      "Interactive (default): plain lines are chat in the current room; /broadcast <msg>, /ping, /join <room>, "
          + "/leave <room>, /dm <client> <msg>, /who, /stats, /help, /exit.",
      "--demo walks through every feature with two clients and prints each exchange.",
      "--stress: M clients send K messages each to one room, then latency percentiles; exit 1 when any was lost."
    })
public final class ChatCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      defaultValue = "${env:BEACON_CHAT_URL:-ws://127.0.0.1:8080/chat}",
      description =
          "Gateway or load balancer chat URL (env BEACON_CHAT_URL, default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--room",
      defaultValue = "${env:BEACON_CHAT_ROOM:-lobby}",
      description =
          "Room chat goes to until /join (env BEACON_CHAT_ROOM, default ${DEFAULT-VALUE}).")
  String room;

  @Option(
      names = "--name",
      defaultValue = "${env:BEACON_CHAT_NAME:-}",
      description = "Sender name of your messages; empty = anonymous (env BEACON_CHAT_NAME).")
  String name;

  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  @Option(
      names = "--clients",
      defaultValue = "10",
      description = "Stress: clients M (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--messages",
      defaultValue = "100",
      description = "Stress: messages K per client (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "Stress: messages per second per client (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--stress-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Stress: wait this long after the last send for every copy (default ${DEFAULT-VALUE}).")
  Duration stressTimeout;

  @Mixin ClientConnectionOptions connection = new ClientConnectionOptions();

  /** Which way the command runs; interactive when neither flag is given. */
  static final class Mode {
    @Option(names = "--demo", description = "Walk through every feature and print each exchange.")
    boolean demo;

    @Option(names = "--stress", description = "Load test: see --clients, --messages, --rate.")
    boolean stress;
  }

  @Override
  public Integer call() {
    ClientOptions options;
    try {
      options = connection.toClientOptions(url);
    } catch (IllegalArgumentException e) {
      System.err.println("beacon chat: " + e.getMessage());
      return 2;
    }
    ChatPrinter printer = new ChatPrinter(System.out);
    Vertx vertx = Vertx.vertx();
    try {
      return run(vertx, options, printer);
    } catch (IllegalStateException | IllegalArgumentException e) {
      printer.line("! " + e.getMessage());
      return 1;
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  private int run(Vertx vertx, ClientOptions options, ChatPrinter printer) {
    if (mode.demo) {
      return new ChatDemo(vertx, options, printer).run();
    }
    if (mode.stress) {
      StressResult result =
          new ChatStress(
                  vertx,
                  options,
                  new ChatStress.Settings(clients, messages, rate, stressTimeout),
                  printer)
              .run();
      printer.line(result.summary());
      return result.lost() == 0 ? 0 : 1;
    }
    BeaconClient client =
        BeaconClient.create(vertx, options).sender(name == null || name.isBlank() ? null : name);
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new InteractiveChat(client, printer, room, options.requestTimeout()).run(stdin);
  }
}
