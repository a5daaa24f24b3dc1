package dev.beacon.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;

/** Asks an ingestor's positions API for devices, over real HTTP, as a map in a browser would. */
final class PositionsCheck {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PositionsCheck() {}

  /**
   * Every device of {@code deviceIds} has at least one position in the store behind {@code api},
   * read with {@code token}.
   */
  static void answersForEveryDevice(String api, String token, Collection<String> deviceIds)
      throws IOException, InterruptedException {
    for (String device : deviceIds) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(api + "/api/devices/" + device + "/positions?limit=1"))
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("GET positions of %s from %s: %s", device, api, response.body())
          .isEqualTo(200);
      assertThat(new JsonObject(response.body()).getJsonArray("positions"))
          .as("positions of %s from %s", device, api)
          .isNotEmpty();
    }
  }
}
