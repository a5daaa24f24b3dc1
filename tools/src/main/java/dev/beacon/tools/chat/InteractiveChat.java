package dev.beacon.tools.chat;

import dev.beacon.client.BeaconClient;
import io.vertx.core.Future;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code beacon chat} reading standard input: plain lines are chat in the current room, and {@code
 * /broadcast}, {@code /ping}, {@code /join}, {@code /leave}, {@code /dm}, {@code /who}, {@code
 * /stats}, {@code /help} and {@code /exit} are commands. Each command waits for its reply, so the
 * transcript reads in order. Reconnects are silent; only a room whose messages could not be
 * recovered is reported.
 */
public final class InteractiveChat {

  static final String HELP =
      "commands: /broadcast <msg>, /ping, /join <room>, /leave <room>, /dm <client> <msg>, "
          + "/who, /stats, /help, /exit; anything else is chat in the current room";

  private final BeaconClient client;
  private final ChatPrinter printer;
  private final Duration replyTimeout;
  private String room;

  public InteractiveChat(
      BeaconClient client, ChatPrinter printer, String room, Duration replyTimeout) {
    this.client = client;
    this.printer = printer;
    this.room = room;
    this.replyTimeout = replyTimeout;
  }

  /**
   * Connects, then reads commands until {@code /exit} or the end of input. Returns the exit code.
   */
  public int run(BufferedReader input) {
    client
        .messageHandler(printer::message)
        .recoveryLostHandler(
            s ->
                printer.line(
                    "! messages of "
                        + s.getString("room")
                        + " were lost while reconnecting (older than the server keeps)"));
    String id = await(client.connect(), "connect to " + client.socket().options().uri());
    printer.line("connected as " + id + " via " + client.gateway() + " (/help for commands)");
    if (!BeaconClient.LOBBY.equals(room)) {
      printer.line(ChatPrinter.describe(await(client.join(room), "join " + room)));
    }
    try {
      for (String line = input.readLine(); line != null; line = input.readLine()) {
        if (!handle(line.strip())) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read standard input", e);
    }
    await(client.close(), "close the connection");
    printer.line("bye");
    return 0;
  }

  /**
   * Runs one input line; false means exit. A failed command is reported and the session goes on.
   */
  private boolean handle(String line) {
    if (line.isEmpty()) {
      return true;
    }
    try {
      return line.startsWith("/") ? command(line) : chat(line);
    } catch (IllegalStateException e) {
      printer.line("! " + e.getMessage());
      return true;
    }
  }

  private boolean chat(String text) {
    await(client.chat(room, text), "send chat");
    return true;
  }

  private boolean command(String line) {
    String[] parts = line.split("\\s+", 3);
    String arg = parts.length > 1 ? line.substring(parts[0].length()).strip() : "";
    switch (parts[0]) {
      case "/exit", "/quit" -> {
        return false;
      }
      case "/broadcast" ->
          requireArg(arg, "/broadcast <message>")
              .ifPresent(
                  a ->
                      printer.line(
                          "broadcast sent at "
                              + await(client.broadcast(a), "broadcast").getValue("timestamp")));
      case "/ping" -> ping();
      case "/join" -> requireArg(arg, "/join <room>").ifPresent(this::join);
      case "/leave" ->
          requireArg(arg, "/leave <room>")
              .ifPresent(
                  r -> {
                    await(client.leave(r), "leave " + r);
                    printer.line("left " + r);
                  });
      case "/dm" -> direct(parts);
      case "/who" ->
          printer.line(
              ChatPrinter.describe(await(client.presence(room), "ask who is in " + room).reply()));
      case "/stats" -> printer.line(ChatPrinter.describe(await(client.stats(), "get stats")));
      default -> printer.line(HELP);
    }
    return true;
  }

  private void ping() {
    long start = System.nanoTime();
    await(client.ping(), "ping");
    printer.line(
        String.format(
            Locale.ROOT,
            "pong from %s in %.1f ms",
            client.gateway(),
            (System.nanoTime() - start) / 1e6));
  }

  private void join(String next) {
    printer.line(ChatPrinter.describe(await(client.join(next), "join " + next)));
    room = next;
  }

  private void direct(String[] parts) {
    if (parts.length < 3) {
      printer.line("usage: /dm <client> <message>");
      return;
    }
    await(client.direct(parts[1], parts[2]), "send a direct message");
    printer.line("dm sent to " + parts[1]);
  }

  private Optional<String> requireArg(String arg, String usage) {
    if (arg.isEmpty()) {
      printer.line("usage: " + usage);
      return Optional.empty();
    }
    return Optional.of(arg);
  }

  private <T> T await(Future<T> future, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not " + what + " within " + replyTimeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    }
  }
}
