package dev.beacon.gateway.admin;

import dev.beacon.common.device.DeviceKeySecrets;
import dev.beacon.common.protocol.DeviceKeyRecord;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.gateway.operations.DeviceKeyOperations;
import dev.beacon.gateway.operations.ServerOperations;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/device-keys}: {@code POST} makes a key and answers 201 with it (the only time the key
 * is shown), {@code GET} lists every key without secret or hash (revoked ones flagged), {@code
 * DELETE /{key_id}} revokes one. Behind {@link AdminAuth} like every admin route. Errors: 400
 * {@code bad_request}, 404 {@code device_key_not_found}, 503 {@code kafka_unavailable}.
 */
final class DeviceKeysApi {

  static final String PATH = "/device-keys";
  static final String NOT_FOUND = "device_key_not_found";

  private static final Logger log = LoggerFactory.getLogger(DeviceKeysApi.class);

  private final ServerOperations operations;

  private DeviceKeysApi(ServerOperations operations) {
    this.operations = operations;
  }

  static void mount(Router router, ServerOperations operations) {
    DeviceKeysApi api = new DeviceKeysApi(operations);
    router.post(PATH).handler(api::create);
    router.get(PATH).handler(api::list);
    router.delete(PATH + "/:keyId").handler(api::revoke);
  }

  private void create(RoutingContext ctx) {
    List<String> devices;
    String label;
    try {
      JsonObject body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
      devices = devices(body == null ? new JsonObject() : body);
      Object given = body == null ? null : body.getValue("label");
      if (given != null && !(given instanceof String)) {
        throw new IllegalArgumentException("'label' must be a string");
      }
      label = (String) given;
      operations
          .deviceKeys()
          .create(devices, label)
          .onSuccess(
              created -> {
                log.info(
                    "admin API: device key {} made for devices {} ({}), asked by {}",
                    created.record().keyId(),
                    created.record().devices(),
                    created.record().label(),
                    ctx.request().remoteAddress());
                ctx.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(json(created.record()).put("key", created.key()).encode());
              })
          .onFailure(e -> unavailable(ctx, e));
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      AdminError.send(
          ctx,
          400,
          "bad_request",
          e.getMessage() + "; send {\"devices\":[\"32\",\"van-*\"],\"label\":\"van 7\"}");
    }
  }

  private static List<String> devices(JsonObject body) {
    Object value = body.getValue("devices");
    if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException(
          "'devices' must be an array of device ids or prefixes ending in *");
    }
    List<String> devices = new ArrayList<>();
    array.forEach(item -> devices.add((String) item));
    return devices;
  }

  private void list(RoutingContext ctx) {
    JsonArray listed = new JsonArray();
    operations.deviceKeys().list().forEach(key -> listed.add(json(key)));
    ctx.json(new JsonObject().put("count", listed.size()).put("keys", listed));
  }

  private void revoke(RoutingContext ctx) {
    String keyId = ctx.pathParam("keyId");
    DeviceKeyOperations keys = operations.deviceKeys();
    if (!DeviceKeySecrets.isKeyId(keyId) || keys.get(keyId) == null) {
      AdminError.send(
          ctx,
          404,
          NOT_FOUND,
          "no device key '"
              + abbreviate(keyId)
              + "'; GET "
              + ctx.request().path().substring(0, ctx.request().path().lastIndexOf('/'))
              + " lists them (key_id is the 16 hex characters after bk_)");
      return;
    }
    keys.revoke(keyId)
        .onSuccess(
            key -> {
              log.info(
                  "admin API: device key {} revoked, asked by {}",
                  keyId,
                  ctx.request().remoteAddress());
              ctx.json(json(key));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  /** A key as the API shows it: never its secret nor its hash. */
  static JsonObject json(DeviceKeyRecord key) {
    return new JsonObject()
        .put("key_id", key.keyId())
        .put("devices", new JsonArray(key.devices()))
        .put("label", key.label())
        .put("created_at", key.createdAt())
        .put("revoked", key.revoked())
        .put("revoked_at", key.revokedAt());
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    AdminError.send(
        ctx,
        503,
        ErrorCode.KAFKA_UNAVAILABLE.code(),
        "Kafka did not take the device key: " + e.getMessage() + "; retry later");
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
