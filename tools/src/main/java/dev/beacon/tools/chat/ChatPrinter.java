package dev.beacon.tools.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;

/** Writes what the chat CLI receives as one readable line each, e.g. {@code [lobby] ana: hi}. */
public final class ChatPrinter {

  private final PrintStream out;

  public ChatPrinter(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints a line as is; synchronized so that lines from the event loop and the input thread never
   * mix.
   */
  public synchronized void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Prints a server message that was not the reply to a command. */
  public void message(JsonObject m) {
    line(describe(m));
  }

  /** One line for a server message. */
  public static String describe(JsonObject m) {
    String type = m.getString("type", "?");
    return switch (type) {
      case "chat" ->
          "["
              + m.getString("room")
              + "] "
              + name(m.getString("sender"))
              + ": "
              + m.getString("content");
      case "broadcast" ->
          "[broadcast] " + name(m.getString("from")) + ": " + m.getString("message");
      case "direct" ->
          "[dm from "
              + m.getString("client_id")
              + "] "
              + name(m.getString("sender"))
              + ": "
              + m.getString("content");
      case "gps" ->
          "["
              + m.getString("room")
              + "] device "
              + m.getString("device_id")
              + " at "
              + m.getValue("lat")
              + ","
              + m.getValue("lon");
      case "error" -> "! " + m.getString("code") + ": " + m.getString("message");
      case "presence" -> presence(m);
      case "stats" ->
          "stats: "
              + m.getValue("connected_clients")
              + " connected, uptime "
              + m.getValue("server_uptime")
              + " s, "
              + m.getValue("total_messages")
              + " messages";
      case "pong" ->
          "pong from "
              + m.getString("client_id")
              + " (server time "
              + m.getValue("server_time")
              + ")";
      case "subscribed" ->
          "joined "
              + m.getString("room")
              + " (recovered "
              + m.getValue("recovered")
              + ", missed "
              + m.getValue("missed", 0)
              + ")";
      default -> m.encode();
    };
  }

  private static String presence(JsonObject m) {
    JsonArray clients = m.getJsonArray("clients", new JsonArray());
    StringBuilder b =
        new StringBuilder("in ")
            .append(m.getString("room"))
            .append(": ")
            .append(clients.size())
            .append(clients.size() == 1 ? " client" : " clients");
    for (int i = 0; i < clients.size(); i++) {
      JsonObject c = clients.getJsonObject(i);
      b.append(i == 0 ? " - " : ", ")
          .append(c.getString("client_id"))
          .append('@')
          .append(c.getString("gateway"));
    }
    return b.toString();
  }

  private static String name(String sender) {
    return sender == null || sender.isBlank() ? "anonymous" : sender;
  }
}
