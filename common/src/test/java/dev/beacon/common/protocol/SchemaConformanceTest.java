package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.beacon.common.geofence.FenceShape;
import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceEvent;
import dev.beacon.common.geofence.GeofenceEventCodec;
import dev.beacon.common.geofence.GeofenceRecordCodec;
import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsFixValidator;
import dev.beacon.common.gps.GpsLimits;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.gps.JsonFixDecoder;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the JSON Schemas in {@code docs/schema} against the code: every encoder's output is valid,
 * every sample request is judged the same by its schema and by {@link ClientMessages}.
 */
@DisplayName("JSON Schemas in docs/schema")
class SchemaConformanceTest {

  static final Path SCHEMAS = Path.of("../docs/schema");
  static final long T = 1_763_762_345_123L;
  static final StreamPosition POS = new StreamPosition("q2vKd7Lw", 3, 1042);
  static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  static final Map<String, JsonSchema> LOADED = new HashMap<>();
  static final Set<String> USED = new TreeSet<>();

  static Set<ValidationMessage> validate(String schemaFile, String json) {
    USED.add(schemaFile);
    JsonSchema schema =
        LOADED.computeIfAbsent(
            schemaFile,
            f ->
                FACTORY.getSchema(
                    SchemaLocation.of(
                        SCHEMAS.resolve(f).toAbsolutePath().normalize().toUri().toString())));
    return schema.validate(json, InputFormat.JSON);
  }

  static Arguments of(String schema, String json) {
    return Arguments.of(schema, json);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static Stream<Arguments> serverMessages() {
    var ana = new PresenceRecord.ClientPresent("c-1", "gw-a", "10.0.0.7:5", T, List.of("lobby"));
    return Stream.of(
        of("welcome.server.schema.json", ServerMessages.welcome("c-1", "gw-a", T)),
        of(
            "chat.server.schema.json",
            DeliveryRecord.toRoom("lobby", "m", ServerMessages.chat("ana", "hi", "lobby", "c-1", T))
                .frameAt(POS)),
        of(
            "broadcast.server.schema.json",
            DeliveryRecord.toAll("m", ServerMessages.broadcast("all", "ops", "c-1", T))
                .frameAt(POS)),
        of(
            "chat.server.schema.json",
            DeliveryRecord.toRoom(
                    "f:x",
                    "m",
                    ServerMessages.payloadOf(
                        MessageRecord.chat("f:x", "c-1", "gw-a", "ana", null, "[1, {}]", T)))
                .frameAt(POS)),
        of(
            "broadcast.server.schema.json",
            DeliveryRecord.toAll(
                    "m",
                    ServerMessages.payloadOf(
                        MessageRecord.broadcast("c-1", "gw-a", "ops", null, "true", T)))
                .frameAt(POS)),
        of(
            "direct.server.schema.json",
            DeliveryRecord.toClient(
                    "c-2",
                    "m",
                    ServerMessages.payloadOf(
                        MessageRecord.direct("c-2", "c-1", "gw-a", "ana", "hi", "\"x\"", T)))
                .frameAt(POS)),
        of("broadcast_ack.server.schema.json", ServerMessages.broadcastAck("b1", T)),
        of("broadcast_ack.server.schema.json", ServerMessages.broadcastAck(null, T)),
        of("pong.server.schema.json", ServerMessages.pong("c-1", T, 7)),
        of("stats.server.schema.json", ServerMessages.stats(3, 12_345, 99, "s")),
        of("subscribed.server.schema.json", ServerMessages.subscribed("lobby", true, POS, 2, "s1")),
        of(
            "subscribed.server.schema.json",
            ServerMessages.subscribed("gps:*", false, null, 0, null)),
        of("unsubscribed.server.schema.json", ServerMessages.unsubscribed("lobby", null)),
        of(
            "direct.server.schema.json",
            DeliveryRecord.toClient(
                    "c-2", "m", ServerMessages.direct("ana", "psst", "c-1", "c-2", T))
                .frameAt(POS)),
        of(
            "presence.server.schema.json",
            ServerMessages.presence("lobby", List.of(ana, ana.withRooms(List.of())), "p")),
        of("presence.server.schema.json", ServerMessages.presence("lobby", List.of(), null)),
        of(
            "gps.server.schema.json",
            DeliveryRecord.toRoom(
                    "gps:32",
                    "m",
                    ServerMessages.gps(
                        GpsFix.of("32", 1_681_593_747_000L, 44.8159745, -20.4601243), "gps:32"))
                .frameAt(POS)),
        of(
            "gps.server.schema.json",
            DeliveryRecord.toRoom("gps:32", "m", ServerMessages.gps(DETAILED, "gps:32"))
                .frameAt(POS)),
        of(
            "error.server.schema.json",
            assertThrows(
                    ProtocolException.class,
                    () -> ClientMessages.decode("{\"type\":\"chat\",\"id\":\"m1\"}"))
                .toFrame()),
        of(
            "error.server.schema.json",
            ServerMessages.error(null, "invalid_json", "Invalid JSON format")),
        of(
            "error.server.schema.json",
            ServerMessages.error("j", ErrorCode.FORBIDDEN.code(), "room not allowed")),
        of("refreshed.server.schema.json", ServerMessages.refreshed(1_763_766_000L, "r1")),
        of("refreshed.server.schema.json", ServerMessages.refreshed(1_763_766_000L, null)),
        of(
            "refreshed.server.schema.json",
            ServerMessages.refreshed(1_763_766_000L, List.of("ops", "gps:*"), "r2")),
        of(
            "history.server.schema.json",
            ServerMessages.history(
                "news",
                List.of(
                    DeliveryRecord.toRoom(
                            "news", "m", ServerMessages.chat("ana", "hi", "news", "c-1", T))
                        .frameAt(POS)),
                POS,
                null,
                false,
                "h1")),
        of(
            "history.server.schema.json",
            ServerMessages.history("news", List.of(), null, null, true, null)),
        of("presence_stats.server.schema.json", ServerMessages.presenceStats("news", 3, 3, 5)),
        of("join.server.schema.json", ServerMessages.join("live:a", "c-1", "gw-a", T)),
        of("leave.server.schema.json", ServerMessages.leave("live:a", "c-1", "gw-a", T)),
        of("subscribed.server.schema.json", ServerMessages.serverSubscribed("news")),
        of("unsubscribed.server.schema.json", ServerMessages.serverUnsubscribed("news")),
        of(
            "chat.server.schema.json",
            DeliveryRecord.toRoom(
                    "lobby",
                    "m",
                    ServerMessages.chat("ana", "hi", "lobby", "auth0|5f7c", "auth0|5f7c", T))
                .frameAt(POS)),
        of(
            "broadcast.server.schema.json",
            DeliveryRecord.toAll("m", ServerMessages.broadcast("all", "ops", "c-1", "c-1", T))
                .frameAt(POS)),
        of(
            "direct.server.schema.json",
            DeliveryRecord.toClient(
                    "c-2", "m", ServerMessages.direct("ana", "psst", "c-1", "c-1", "c-2", T))
                .frameAt(POS)),
        of(
            "error.server.schema.json",
            ServerMessages.error("s", ErrorCode.TOO_MANY_ROOMS.code(), "256 rooms")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("serverMessages")
  @DisplayName("every server message encoder's output is valid against its schema")
  void serverMessageValid(String schema, String json) {
    assertThat(validate(schema, json)).isEmpty();
  }

  /** A fix with every detail, as a tracker reports it. */
  static final GpsFix DETAILED =
      new GpsFix(
          "32",
          1_681_593_747_000L,
          44.8159745,
          20.4601243,
          T,
          "gw-a",
          FixDetails.builder()
              .speed(12.5)
              .course(270.0)
              .altitude(-20.0)
              .accuracy(4.5)
              .battery(87.0)
              .attribute("motion", true)
              .attribute("odometer", 12345L)
              .attribute("event", "start")
              .build());

  static Stream<Arguments> records() {
    var chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", T);
    var broadcast = MessageRecord.broadcast("c-1", "gw-a", "ops", "all", T);
    var direct = MessageRecord.direct("c-2", "c-1", "gw-a", "ana", "psst", T);
    return Stream.of(
        of(
            "gps.record.schema.json",
            utf8(
                GpsRecordCodec.encode(
                    GpsFix.of("32", 1_681_593_747_000L, 44.8, 20.4).receivedBy("gw-a", T)))),
        of("gps.record.schema.json", utf8(GpsRecordCodec.encode(DETAILED))),
        of("message.record.schema.json", utf8(MessageRecordCodec.encode(chat))),
        of("message.record.schema.json", utf8(MessageRecordCodec.encode(broadcast))),
        of("message.record.schema.json", utf8(MessageRecordCodec.encode(direct))),
        of(
            "message.record.schema.json",
            utf8(MessageRecordCodec.encode(chat.verifiedAs("dave+ops@example.com")))),
        of(
            "message.record.schema.json",
            utf8(
                MessageRecordCodec.encode(
                    MessageRecord.chat("f:x", "c-1", "gw-a", "ana", null, "{\"a\": [1.10]}", T)))),
        of(
            "message.record.schema.json",
            utf8(
                MessageRecordCodec.encode(
                    MessageRecord.broadcast("c-1", "gw-a", "ops", null, "null", T)))),
        of(
            "delivery.record.schema.json",
            utf8(
                DeliveryRecordCodec.encode(
                    DeliveryRecord.toRoom(
                        "lobby", chat.id(), ServerMessages.payloadOf(chat.verifiedAs("c-1")))))),
        of(
            "presence-client.record.schema.json",
            utf8(
                PresenceRecordCodec.encode(
                    new PresenceRecord.ClientConnected("c-1", "gw-a", "10.0.0.7:5", T)))),
        of(
            "presence-member.record.schema.json",
            utf8(
                PresenceRecordCodec.encode(
                    new PresenceRecord.RoomJoined("c-1", "gps:*", "gw-a", T)))),
        of(
            "delivery.record.schema.json",
            utf8(
                DeliveryRecordCodec.encode(
                    DeliveryRecord.toRoom("lobby", chat.id(), ServerMessages.payloadOf(chat))))),
        of(
            "delivery.record.schema.json",
            utf8(
                DeliveryRecordCodec.encode(
                    DeliveryRecord.toAll(broadcast.id(), ServerMessages.payloadOf(broadcast))))),
        of(
            "delivery.record.schema.json",
            utf8(
                DeliveryRecordCodec.encode(
                    DeliveryRecord.toClient(
                        "c-2", direct.id(), ServerMessages.payloadOf(direct))))),
        of(
            "presence-client.record.schema.json",
            utf8(
                PresenceRecordCodec.encode(
                    new PresenceRecord.ClientPresent(
                        "c-1", "gw-a", "10.0.0.7:5", T, List.of("lobby", "gps:*"))))),
        of(
            "presence-gateway.record.schema.json",
            utf8(PresenceRecordCodec.encode(new PresenceRecord.GatewayAlive("gw-a", T)))),
        of(
            "control.record.schema.json",
            utf8(ControlRecordCodec.encode(new ControlRecord("c-1", 4000, "banned")))),
        of(
            "control.record.schema.json",
            utf8(ControlRecordCodec.encode(ControlRecord.subscribe("c-1", "news")))),
        of(
            "control.record.schema.json",
            utf8(ControlRecordCodec.encode(ControlRecord.unsubscribe("c-1", "news")))),
        of(
            "device-key.record.schema.json",
            utf8(
                DeviceKeyRecordCodec.encode(
                    new DeviceKeyRecord(
                        "3f9a1c2e7b4d6a01",
                        List.of("32", "van-*"),
                        "van 7",
                        T,
                        T + 1000,
                        "0".repeat(64))))),
        of("geofence.record.schema.json", utf8(GeofenceRecordCodec.encode(CIRCLE))),
        of("geofence.record.schema.json", utf8(GeofenceRecordCodec.encode(SQUARE))),
        of("geofence-event.record.schema.json", utf8(GeofenceEventCodec.encode(ENTER))),
        of(
            "geofence.server.schema.json",
            new io.vertx.core.json.JsonObject(GeofenceEventCodec.message(ENTER, "events:32"))
                .put("pos", POS.toString())
                .encode()));
  }

  static final Geofence CIRCLE =
      new Geofence("depot", "Depot", new FenceShape.Circle(44.8, 20.4, 500), T, T);
  static final Geofence SQUARE =
      new Geofence(
          "yard",
          "Yard",
          new FenceShape.Polygon(
              List.of(
                  new FenceShape.Vertex(0, 0),
                  new FenceShape.Vertex(0, 1),
                  new FenceShape.Vertex(1, 1),
                  new FenceShape.Vertex(1, 0))),
          T,
          T + 1);
  static final GeofenceEvent ENTER =
      GeofenceEvent.of("32", CIRCLE, GeofenceEvent.Kind.ENTER, T, 44.8, 20.4, T + 5);

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("records")
  @DisplayName("every record codec's output is valid against its schema")
  void recordValid(String schema, String json) {
    assertThat(validate(schema, json)).isEmpty();
  }

  static Stream<Arguments> invalidRecords() {
    return Stream.of(
        of(
            "gps.record.schema.json",
            "{\"v\":1,\"device_id\":\"32\",\"ts\":1,\"lat\":1,\"lon\":2,\"speed\":3}"),
        of(
            "gps.record.schema.json",
            "{\"v\":2,\"device_id\":\"32\",\"ts\":1,\"lat\":1,\"lon\":2,"
                + "\"attributes\":{\"a\":{\"nested\":1}}}"),
        of(
            "message.record.schema.json",
            "{\"v\":1,\"kind\":\"broadcast\",\"id\":\"7b0c2f4e-0c1a-4c39-9a57-3f0e0b7b9d11\","
                + "\"room\":\"lobby\",\"client_id\":\"c\",\"gateway\":\"g\",\"sender\":\"s\",\"message\":\"m\",\"ts\":1}"),
        of("message.record.schema.json", "{\"v\":2,\"kind\":\"chat\",\"id\":\"x\"}"),
        of(
            "delivery.record.schema.json",
            "{\"v\":1,\"target\":\"room\",\"message_id\":\"m\",\"payload\":{\"type\":\"chat\"}}"),
        of(
            "delivery.record.schema.json",
            "{\"v\":1,\"target\":\"all\",\"message_id\":\"m\",\"payload\":{\"type\":\"chat\",\"pos\":\"x\"}}"),
        of("presence-gateway.record.schema.json", "{\"v\":1,\"gateway\":\"g\"}"),
        of(
            "presence-client.record.schema.json",
            "{\"v\":3,\"client_id\":\"c\",\"gateway\":\"g\",\"connected_at\":1}"),
        of(
            "presence-member.record.schema.json",
            "{\"v\":2,\"client_id\":\"c\",\"gateway\":\"g\",\"connected_at\":1}"),
        of(
            "control.record.schema.json",
            "{\"v\":1,\"command\":\"disconnect\",\"client_id\":\"c\",\"code\":1001}"),
        of("control.record.schema.json", "{\"v\":1,\"command\":\"subscribe\",\"client_id\":\"c\"}"),
        of(
            "device-key.record.schema.json",
            "{\"v\":1,\"key_id\":\"3f9a1c2e7b4d6a01\",\"devices\":[],\"created_at\":1,"
                + "\"secret_sha256\":\""
                + "0".repeat(64)
                + "\"}"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidRecords")
  @DisplayName("a record the codec refuses is invalid against its schema too")
  void recordInvalid(String schema, String json) {
    assertThat(validate(schema, json)).isNotEmpty();
  }

  static Stream<Arguments> requests() {
    String tooLong = "x".repeat(4097);
    return Stream.of(
        Arguments.of(
            "chat",
            "{\"type\":\"chat\",\"id\":\"m1\",\"sender\":\"ana\",\"content\":\"hi\",\"room\":\"lobby\"}",
            true),
        Arguments.of("chat", "{\"type\":\"chat\",\"content\":\"hi\"}", true),
        Arguments.of("chat", "{\"type\":\"chat\"}", false),
        Arguments.of("chat", "{\"type\":\"chat\",\"content\":\"" + tooLong + "\"}", false),
        Arguments.of("chat", "{\"type\":\"chat\",\"content\":\"hi\",\"room\":\"gps:32\"}", false),
        Arguments.of("chat", "{\"type\":\"chat\",\"content\":\"hi\",\"room\":\"a b\"}", false),
        Arguments.of(
            "chat",
            "{\"type\":\"chat\",\"content\":\"hi\",\"sender\":\"" + "s".repeat(65) + "\"}",
            false),
        Arguments.of("chat", "{\"type\":\"chat\",\"content\":\"   \"}", false),
        Arguments.of(
            "broadcast",
            "{\"type\":\"broadcast\",\"message\":\"all\",\"from\":\"ops\",\"id\":3}",
            true),
        Arguments.of("broadcast", "{\"type\":\"broadcast\",\"from\":\"ops\"}", false),
        Arguments.of("ping", "{\"type\":\"ping\",\"id\":\"p\"}", true),
        Arguments.of("ping", "{\"type\":\"ping\",\"id\":true}", false),
        Arguments.of(
            "custom", "{\"type\":\"custom\",\"action\":\"get_stats\",\"data\":{\"a\":1}}", true),
        Arguments.of(
            "custom", "{\"type\":\"custom\",\"action\":\"get_stats\",\"data\":[1]}", false),
        Arguments.of("custom", "{\"type\":\"custom\"}", false),
        Arguments.of(
            "subscribe",
            "{\"type\":\"subscribe\",\"room\":\"gps:*\",\"since\":\"q2vKd7Lw-3-1042\"}",
            true),
        Arguments.of("subscribe", "{\"type\":\"subscribe\",\"room\":\"gps:32\"}", true),
        Arguments.of(
            "history",
            "{\"type\":\"history\",\"room\":\"news\",\"limit\":10,\"since\":\"q2vKd7Lw-3-1042\",\"reverse\":true}",
            true),
        Arguments.of("history", "{\"type\":\"history\",\"room\":\"news\",\"limit\":0}", false),
        Arguments.of("history", "{\"type\":\"history\",\"room\":\"news\",\"limit\":1001}", false),
        Arguments.of("history", "{\"type\":\"history\",\"room\":\"news\",\"reverse\":1}", false),
        Arguments.of("history", "{\"type\":\"history\"}", false),
        Arguments.of("presence_stats", "{\"type\":\"presence_stats\",\"room\":\"news\"}", true),
        Arguments.of("presence_stats", "{\"type\":\"presence_stats\"}", false),
        Arguments.of("publish", "{\"type\":\"publish\",\"channel\":\"news\",\"data\":[1]}", true),
        Arguments.of(
            "subscribe",
            "{\"type\":\"subscribe\",\"room\":\"lobby\",\"since\":\"yesterday\"}",
            false),
        Arguments.of(
            "subscribe", "{\"type\":\"subscribe\",\"room\":\"" + "r".repeat(65) + "\"}", false),
        Arguments.of("unsubscribe", "{\"type\":\"unsubscribe\",\"room\":\"lobby\"}", true),
        Arguments.of("unsubscribe", "{\"type\":\"unsubscribe\"}", false),
        Arguments.of(
            "direct",
            "{\"type\":\"direct\",\"to\":\"c-2\",\"content\":\"psst\",\"sender\":\"ana\"}",
            true),
        Arguments.of("direct", "{\"type\":\"direct\",\"to\":\"c 2\",\"content\":\"psst\"}", false),
        Arguments.of("presence", "{\"type\":\"presence\",\"room\":\"lobby\",\"id\":9}", true),
        Arguments.of("presence", "{\"type\":\"presence\",\"room\":\"\"}", false),
        Arguments.of(
            "refresh",
            "{\"type\":\"refresh\",\"token\":\"aGVhZA.Ym9keQ.c2ln\",\"id\":\"r1\"}",
            true),
        Arguments.of("refresh", "{\"type\":\"refresh\"}", false),
        Arguments.of("refresh", "{\"type\":\"refresh\",\"token\":\"  \"}", false),
        Arguments.of("refresh", "{\"type\":\"refresh\",\"token\":7}", false),
        Arguments.of(
            "publish", "{\"type\":\"publish\",\"channel\":\"f:x\",\"data\":{\"a\":1}}", true),
        Arguments.of("publish", "{\"type\":\"publish\",\"room\":\"f:x\",\"data\":null}", true),
        Arguments.of("publish", "{\"type\":\"publish\",\"channel\":\"f:x\"}", false),
        Arguments.of("publish", "{\"type\":\"publish\",\"data\":1}", false),
        Arguments.of("publish", "{\"type\":\"publish\",\"channel\":\"gps:1\",\"data\":1}", false),
        Arguments.of("chat", "{\"type\":\"chat\",\"data\":[1,2.50]}", true),
        Arguments.of("broadcast", "{\"type\":\"broadcast\",\"data\":\"x\"}", true),
        Arguments.of("direct", "{\"type\":\"direct\",\"to\":\"c-2\",\"data\":false}", true),
        Arguments.of(
            "refresh", "{\"type\":\"refresh\",\"token\":\"" + "t".repeat(8193) + "\"}", false));
  }

  @ParameterizedTest(name = "{0}: valid={2} {1}")
  @MethodSource("requests")
  @DisplayName(
      "a sample request is valid against its schema exactly when ClientMessages accepts it")
  void requestAgreement(String type, String json, boolean valid) {
    Set<ValidationMessage> errors = validate(type + ".request.schema.json", json);
    boolean decoded;
    try {
      ClientMessages.decode(json);
      decoded = true;
    } catch (ProtocolException e) {
      decoded = false;
    }
    assertThat(errors.isEmpty()).as("schema verdict, errors %s", errors).isEqualTo(valid);
    assertThat(decoded).as("decoder verdict").isEqualTo(valid);
  }

  static Stream<Arguments> gpsRequests() {
    String fix =
        "{\"type\":\"gps\",\"id\":\"m1\",\"device_id\":\"32\",\"ts\":1681593747,"
            + "\"lat\":44.8159745,\"lon\":20.4601243";
    return Stream.of(
        Arguments.of(fix + "}", true),
        Arguments.of(
            fix
                + ",\"speed\":12.5,\"course\":359.9,\"altitude\":-20,\"accuracy\":4.5,"
                + "\"battery\":100,\"attributes\":{\"motion\":true,\"odometer\":12345,\"event\":\"x\"}}",
            true),
        Arguments.of(fix + ",\"speed\":null,\"attributes\":null}", true),
        Arguments.of(fix + ",\"speed\":-1}", false),
        Arguments.of(fix + ",\"course\":360}", false),
        Arguments.of(fix + ",\"altitude\":100001}", false),
        Arguments.of(fix + ",\"accuracy\":-0.1}", false),
        Arguments.of(fix + ",\"battery\":101}", false),
        Arguments.of(fix + ",\"speed\":\"fast\"}", false),
        Arguments.of(fix + ",\"attributes\":{\"9lives\":1}}", false),
        Arguments.of(fix + ",\"attributes\":{\"list\":[1]}}", false),
        Arguments.of(fix + ",\"attributes\":\"motion\"}", false));
  }

  @ParameterizedTest(name = "valid={1} {0}")
  @MethodSource("gpsRequests")
  @DisplayName("a gps message is valid against its schema exactly when JsonFixDecoder accepts it")
  void gpsRequestAgreement(String json, boolean valid) {
    Set<ValidationMessage> errors = validate("gps.request.schema.json", json);
    boolean decoded;
    try {
      new JsonFixDecoder(new GpsFixValidator(GpsLimits.defaults()))
          .decode(new JsonObject(json), 1_700_000_000_000L);
      decoded = true;
    } catch (InvalidFixException e) {
      decoded = false;
    }
    assertThat(errors.isEmpty()).as("schema verdict, errors %s", errors).isEqualTo(valid);
    assertThat(decoded).as("decoder verdict").isEqualTo(valid);
  }

  @Test
  @DisplayName(
      "a server message with a field it does not define is invalid, so the schemas are not vacuous")
  void closedServerSchemas() {
    assertThat(
            validate(
                "pong.server.schema.json",
                "{\"type\":\"pong\",\"client_id\":\"c\",\"server_time\":1,\"x\":1}"))
        .isNotEmpty();
    assertThat(validate("chat.server.schema.json", ServerMessages.chat("a", "b", "lobby", "c", T)))
        .as("no pos")
        .isNotEmpty();
  }

  @AfterAll
  static void everySchemaIsExercised() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(SCHEMAS)) {
      list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".schema.json"))
          .forEach(files::add);
    }
    files.remove("defs.schema.json");
    assertThat(USED).as("schemas used by this test").containsAll(files);
  }
}
