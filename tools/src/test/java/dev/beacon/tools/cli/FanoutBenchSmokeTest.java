package dev.beacon.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench fanout} for a few seconds at a tiny rate against a stand-in room server (the /chat
 * subset the benchmark speaks, frames relayed as sent): the conditions, the files and the payload
 * reach the output. It asserts no speed.
 */
class FanoutBenchSmokeTest {

  private static final Pattern ROOM = Pattern.compile("\"room\":\"([^\"]*)\"");

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Set<ServerWebSocket>> rooms = new ConcurrentHashMap<>();
  private final Set<String> payloadsSeen = ConcurrentHashMap.newKeySet();
  private HttpServer server;

  @BeforeEach
  void startRoomServer() throws Exception {
    server =
        vertx
            .createHttpServer()
            .webSocketHandler(this::onConnection)
            .requestHandler(request -> request.response().setStatusCode(404).end())
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  private void onConnection(ServerWebSocket ws) {
    ws.writeTextMessage("{\"type\":\"welcome\",\"client_id\":\"c\"}");
    ws.textMessageHandler(
        text -> {
          Matcher room = ROOM.matcher(text);
          String name = room.find() ? room.group(1) : "lobby";
          if (text.contains("\"type\":\"subscribe\"")) {
            rooms.computeIfAbsent(name, r -> ConcurrentHashMap.newKeySet()).add(ws);
            ws.writeTextMessage("{\"type\":\"subscribed\",\"room\":\"" + name + "\"}");
          } else if (text.contains("\"type\":\"chat\"")) {
            payloadsSeen.add(text.contains("\"data\":{\"stamp\"") ? "json" : "text");
            rooms.getOrDefault(name, Set.of()).forEach(member -> member.writeTextMessage(text));
          }
        });
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName(
      "a short run prints the conditions at start and end and writes a .hgrm and an SVG chart per run")
  void shortRunWritesConditionsAndFiles(@TempDir Path out) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int exit;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      exit =
          new CommandLine(new FanoutBenchCommand())
              .execute(
                  "--url",
                  "ws://127.0.0.1:" + server.actualPort() + "/chat",
                  "--label",
                  "stand-in",
                  "--publishers",
                  "1",
                  "--subscribers",
                  "3",
                  "--rate",
                  "20",
                  "--duration",
                  "2s",
                  "--warmup",
                  "1s",
                  "--drain",
                  "2s",
                  "--payload",
                  "json",
                  "--payload-size",
                  "100",
                  "--max-load",
                  "1000",
                  "--out",
                  out.toString());
    } finally {
      System.setOut(previous);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    previous.println(printed);

    assertThat(exit).isZero();
    assertThat(printed)
        .contains("conditions at start: ")
        .contains("conditions at end: ")
        .contains("payload json, 100 B")
        .doesNotContain("BUSY MACHINE");
    assertThat(payloadsSeen).containsExactly("json");
    Path hgrm = out.resolve("room-20msgs-json-100-b.stand-in.hgrm");
    Path svg = out.resolve("room-20msgs-json-100-b.svg");
    assertThat(hgrm).exists();
    assertThat(Files.readString(hgrm)).contains("1/(1-Percentile)");
    assertThat(Files.readString(svg)).contains("data-system=\"stand-in\"");
    assertThat(printed).contains(hgrm.toAbsolutePath().toString()).contains(svg.toString());
  }
}
