package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.client.ClosedEvent;
import dev.beacon.client.ReconnectPolicy;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.Browser;
import dev.beacon.it.support.ChatCluster;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.Haproxy;
import dev.beacon.it.support.TextClient;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real Chromium against real processes: a Kafka broker, the broadcaster, two
 * gateways, the ingestor, the simulator and HAProxy. Screenshots of every view go to {@code
 * target/screenshots}. The tests share the processes and the browser, in any order: each signs in
 * as it needs, and the failover test starts the gateway it kills again.
 */
class ConsoleBrowserIT {

  private static final Duration WAIT = ChatCluster.WAIT;
  private static final String ADMIN_TOKEN = "console-test-admin-token";
  private static final String READ_TOKEN = "console-test-read-token";

  /** Would set window.__xss if it ever became HTML. */
  private static final String PAYLOAD = "<img src=x onerror=window.__xss=1>";

  @TempDir static Path dir;
  private static ChatCluster cluster;
  private static Vertx vertx;
  private static Browser browser;
  private static BeaconProcess gatewayA;
  private static BeaconProcess gatewayB;
  private static int portA;
  private static int portB;
  private static int apiPort;
  private static Path gpsDb;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver are not installed");
    vertx = Vertx.vertx();
    cluster = ChatCluster.start(dir);
    portA = FreePorts.next();
    portB = FreePorts.next();
    apiPort = FreePorts.next();
    gatewayA = cluster.gateway("gw-a", portA, Map.of("BEACON_ADMIN_TOKEN", ADMIN_TOKEN));
    gatewayB = cluster.gateway("gw-b", portB, Map.of("BEACON_ADMIN_TOKEN", ADMIN_TOKEN));
    gpsDb = dir.resolve("ingestor").resolve("gps.db");
    cluster
        .start(
            "ingestor",
            Map.of(
                "BEACON_DATA_DIR",
                gpsDb.getParent().toString(),
                "BEACON_INGESTOR_PORT",
                String.valueOf(apiPort),
                "BEACON_INGESTOR_HOST",
                "127.0.0.1",
                "BEACON_INGESTOR_READ_TOKEN",
                READ_TOKEN,
                "BEACON_INGESTOR_ALLOWED_ORIGINS",
                "http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB),
            "ingestor")
        .awaitHttpOk("http://127.0.0.1:" + apiPort + "/ready", WAIT);
    ChatCluster.awaitRouting(vertx, portA);
    browser = Browser.start(dir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  @Test
  @DisplayName(
      "map: the console asks for the read token, then simulated devices appear and move, the list updates,"
          + " a device's track is the rows in SQLite")
  void liveMap() throws Exception {
    forgetCredentials(portA);
    open(portA, "map", "");
    browser.until(
        "the sign-in form with the API's reason",
        d ->
            browser.find("#signin-form").isDisplayed()
                && browser.text("#signin-reason").contains("read token"));
    browser.find("#read-token").sendKeys(READ_TOKEN, Keys.ENTER);
    browser.until("signed in", d -> !browser.find("#signin-form").isDisplayed());
    BeaconProcess simulator =
        cluster.start(
            "simulate",
            Map.of(),
            "simulate",
            "--url",
            "ws://127.0.0.1:" + portA + "/ws",
            "--devices",
            "3",
            "--device-prefix",
            "map-",
            "--rate",
            "6",
            "--duration",
            "8s",
            "--seed",
            "7",
            "--quiet");
    browser.until(
        "three devices in the list",
        d -> browser.findAll("#devices tr[data-device^='map-']").size() == 3);
    List<?> firstPosition = markerOf("map-1");
    String firstFixTime = browser.text("#devices tr[data-device='map-1'] td:nth-child(2)");
    browser.until("map-1's marker to move", d -> !markerOf("map-1").equals(firstPosition));
    browser.until(
        "map-1's last fix to change in the list",
        d ->
            !browser.text("#devices tr[data-device='map-1'] td:nth-child(2)").equals(firstFixTime));
    assertThat(browser.findAll("path.leaflet-interactive")).hasSizeGreaterThanOrEqualTo(3);
    assertThat((List<?>) browser.script("return beaconConsole.cspViolations()"))
        .as("CSP violations")
        .isEmpty();
    browser.screenshot("map");

    assertThat(simulator.waitForExit()).isZero();
    long acknowledged = acknowledgedFixes(simulator.output());
    Await.until(
        "every acknowledged fix in SQLite",
        WAIT,
        () ->
            countRows("SELECT COUNT(*) FROM gps_fix WHERE device_id LIKE 'map-%'") == acknowledged);
    List<String> stored = fixesOf("map-1", Long.MIN_VALUE);
    browser.find("#devices tr[data-device='map-1']").click();
    browser.until(
        "the whole track",
        d -> browser.text("#track-info").equals(stored.size() + " fixes of map-1"));
    assertThat(browser.text("#following")).isEqualTo("gps:map-1");
    assertThat(trackOnPage()).containsExactlyElementsOf(stored);
    browser.screenshot("map-track");

    long from = Long.parseLong(stored.get(stored.size() / 2).split(" ")[0]) / 1000 * 1000;
    browser.script(
        "document.getElementById('track-from').value = arguments[0]",
        Instant.ofEpochMilli(from).toString().substring(0, 19));
    browser.find("#track-show").click();
    List<String> later = fixesOf("map-1", from);
    browser.until(
        "the track from " + Instant.ofEpochMilli(from),
        d -> browser.text("#track-info").equals(later.size() + " fixes of map-1"));
    assertThat(later.size()).isLessThan(stored.size());
    assertThat(trackOnPage()).containsExactlyElementsOf(later);
  }

  @Test
  @DisplayName(
      "geofences: a fence made on the admin API is drawn on the map, and a device crossing it shows"
          + " one enter and one exit in the events list, live from events:*")
  void geofenceEvents() {
    openConsole(portA, "map");
    dev.beacon.it.support.AdminHttp admin = new dev.beacon.it.support.AdminHttp(portA, ADMIN_TOKEN);
    JsonObject fence =
        new JsonObject()
            .put("id", "console-fence")
            .put("name", "Console fence")
            .put("type", "circle")
            .put("lat", 10.0)
            .put("lon", 10.0)
            .put("radius_m", 300);
    assertThat(admin.post("/geofences", fence).status()).isEqualTo(201);
    Await.until(
        "the ingestor to know the fence",
        WAIT,
        () ->
            BeaconProcess.status(
                    "http://127.0.0.1:" + apiPort + "/api/geofences/console-fence", READ_TOKEN)
                == 200);
    // A fresh load draws the fences the ingestor has now (the page reads them every 30 s).
    openConsole(portA, "map");
    browser.until(
        "the fence drawn",
        d ->
            browser
                .script("return beaconConsole.geofences().map(f => f.id)")
                .toString()
                .contains("console-fence"));
    long ts = System.currentTimeMillis() / 1000 - 60;
    try (TextClient device = TextClient.connect(vertx, portA, "/ws")) {
      double[] path = {10.1, 10.0, 10.001, 10.1};
      for (int i = 0; i < path.length; i++) {
        assertThat(device.request("fence-car," + (ts + i) + "," + path[i] + ",10.0", WAIT))
            .isEqualTo("OK");
      }
    }
    browser.until(
        "one enter and one exit listed",
        d -> browser.findAll("#geofence-events li[data-device='fence-car']").size() == 2);
    assertThat(browser.text("#geofence-events"))
        .contains("fence-car left Console fence")
        .contains("fence-car entered Console fence");
    assertThat((List<?>) browser.script("return beaconConsole.cspViolations()"))
        .as("CSP violations")
        .isEmpty();
    browser.screenshot("map-geofences");
  }

  @Test
  @DisplayName(
      "details and playback: speed, course, battery and accuracy in the list and the popup; a seeded"
          + " track of the last hour plays back (the marker moves, the time advances, pause holds)")
  void detailsAndPlayback() throws Exception {
    int fixes = 40;
    long first = Instant.now().getEpochSecond() - 1800;
    try (TextClient device = TextClient.connect(vertx, portA, "/ws")) {
      for (int i = 0; i < fixes; i++) {
        // extended CSV: id,epochSeconds,lat,lon,speed m/s,course,altitude,accuracy,battery
        String fix =
            String.format(
                java.util.Locale.ROOT,
                "play-car,%d,%.4f,20.0,%d,90,100,5,%d",
                first + 10L * i,
                45.0 + 0.001 * i,
                10 + i,
                99 - i);
        assertThat(device.request(fix, WAIT)).isEqualTo("OK");
      }
    }
    Await.until(
        "the seeded track in SQLite",
        WAIT,
        () -> countRows("SELECT COUNT(*) FROM gps_fix WHERE device_id = 'play-car'") == fixes);
    openConsole(portA, "map");
    String row = "#devices tr[data-device='play-car']";
    browser.until("play-car in the list", d -> !browser.findAll(row).isEmpty());
    // the last fix: 49 m/s, 90 degrees, 60 %, 5 m
    assertThat(browser.findAll(row + " td").stream().skip(5).map(WebElement::getText).toList())
        .containsExactly("176.4 km/h", "90°", "60 %", "±5 m");
    browser.script("beaconConsole.openPopup('play-car')");
    String popup = browser.until("the popup", d -> browser.text(".leaflet-popup-content"));
    assertThat(popup)
        .contains("play-car", "176.4 km/h", "90°", "100 m", "±5 m", "60 %", "45.039, 20");
    assertThat(browser.findAll("path.world-outline"))
        .as("the bundled outline, as tiles are off")
        .hasSize(1);

    browser.find(row).click();
    browser.until(
        "the track of the last hour",
        d -> browser.text("#track-info").equals("40 fixes of play-car"));
    assertThat(browser.find("#playback").isDisplayed()).isTrue();
    assertThat(browser.text("#play-time")).isEqualTo(isoTime(first));
    assertThat(browser.text("#play-details")).startsWith("fix 1/40 · 36.0 km/h");
    Map<?, ?> start = playback();
    assertThat(((Number) start.get("lat")).doubleValue()).isEqualTo(45.0);

    browser.find("#play").click();
    browser.until(
        "the marker to move and the time to advance",
        d ->
            ((Number) playback().get("lat")).doubleValue() > 45.0
                && !browser.text("#play-time").equals(isoTime(first)));
    browser.find("#play").click();
    Map<?, ?> paused = playback();
    assertThat(paused.get("playing")).isEqualTo(false);
    assertThat(browser.text("#play")).isEqualTo("Play");
    String pausedTime = browser.text("#play-time");
    double pageNow = ((Number) browser.script("return Date.now()")).doubleValue();
    browser.until(
        "a second and a half in the page",
        d -> ((Number) browser.script("return Date.now()")).doubleValue() > pageNow + 1500);
    assertThat(playback().get("ts")).as("paused: the time stands").isEqualTo(paused.get("ts"));
    assertThat(browser.text("#play-time")).isEqualTo(pausedTime);
    browser.screenshot("map-playback");

    browser.script(
        "const s = document.getElementById('play-slider'); s.value = s.max;"
            + " s.dispatchEvent(new Event('input'));");
    assertThat(browser.text("#play-time")).isEqualTo(isoTime(first + 10L * (fixes - 1)));
    assertThat(browser.text("#play-details")).startsWith("fix 40/40 · 176.4 km/h");
    assertThat(((Number) playback().get("lat")).doubleValue()).isEqualTo(45.039);
    assertThat((List<?>) browser.script("return beaconConsole.cspViolations()"))
        .as("CSP violations")
        .isEmpty();
  }

  @Test
  @DisplayName(
      "offline base map: when the tile server cannot be reached, the bundled world outline is drawn"
          + " instead of a blank area")
  void offlineOutline() {
    int noTiles = FreePorts.next();
    open(
        portA,
        "map",
        "&read_token=" + READ_TOKEN,
        "http://127.0.0.1:" + noTiles + "/{z}/{x}/{y}.png");
    browser.until("the outline drawn", d -> browser.findAll("path.world-outline").size() == 1);
    // Zoomed into a city the land is clipped to the view; the whole world shows the coastlines.
    browser.until(
        "the map zoomed out to the whole world",
        d -> {
          WebElement zoomOut = browser.find(".leaflet-control-zoom-out");
          if (zoomOut.getDomAttribute("class").contains("leaflet-disabled")) {
            return true;
          }
          zoomOut.click();
          return false;
        });
    browser.until(
        "the coastlines drawn",
        d -> browser.find("path.world-outline").getDomAttribute("d").length() > 1000);
    assertThat(browser.findAll("img.leaflet-tile")).as("the tiles tried").isNotEmpty();
    assertThat((List<?>) browser.script("return beaconConsole.cspViolations()"))
        .as("CSP violations")
        .isEmpty();
    browser.screenshot("map-offline");
  }

  @Test
  @DisplayName(
      "beacon.js in Chromium: imported from /beacon.js, it connects, pings, joins a room and gets its chat back")
  void beaconJsInChromium() {
    openConsole(portA, "map");
    @SuppressWarnings("unchecked")
    Map<String, Object> result =
        (Map<String, Object>)
            browser.asyncScript(
                """
        const done = arguments[arguments.length - 1];
        import('/beacon.js').then(async ({ BeaconClient }) => {
          const client = new BeaconClient(`ws://${location.host}/chat`, { sender: 'chromium' });
          const back = new Promise((resolve) => client.on('message', (m) => m.content === 'round trip' && resolve(m)));
          const id = await client.connect();
          const pong = await client.ping();
          const subscribed = await client.join('browser-js');
          await client.chat('browser-js', 'round trip');
          const chat = await back;
          await new Promise((closed) => { client.on('closed', closed); client.close(); });
          done({ id, pong: pong.client_id, subscribed: subscribed.type, sender: chat.sender,
            tracked: client.lastPosition('browser-js') === chat.pos, state: client.state });
        }).catch((e) => done({ error: String(e) }));
        """);
    assertThat(result).doesNotContainKey("error");
    assertThat(result.get("pong")).isEqualTo(result.get("id"));
    assertThat(result)
        .containsEntry("subscribed", "subscribed")
        .containsEntry("sender", "chromium")
        .containsEntry("tracked", true)
        .containsEntry("state", "CLOSED");
  }

  @Test
  @DisplayName(
      "rooms: a chat from the Java client on gateway B shows in the page on gateway A, and back")
  void chatAcrossGateways() {
    String room = "ops";
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    BeaconClient java = javaClient(portB, received);
    Blocking.await(java.join(room), "join " + room);
    openConsole(portA, "rooms");
    joinInPage(room);

    java.chat(room, "hello from java");
    WebElement line =
        browser.until("the Java client's chat in the page", d -> chatLine("hello from java"));
    assertThat(line.findElement(By.cssSelector(".sender")).getText()).isEqualTo("java");
    assertThat(line.findElement(By.cssSelector(".identity")).getText())
        .as("no token: the connection id, unverified")
        .isEqualTo("(unverified: " + java.clientId().substring(0, 8) + ")");
    assertThat(browser.text("#gateway")).isEqualTo("gw-a");
    assertThat(java.gateway()).isEqualTo("gw-b");

    browser.find("#sender").sendKeys("page");
    browser.find("#chat-input").sendKeys("hello from the page", Keys.ENTER);
    Await.until(
        "the page's chat at the Java client",
        WAIT,
        () ->
            received.stream()
                .anyMatch(
                    m ->
                        "hello from the page".equals(m.getString("content"))
                            && "page".equals(m.getString("sender"))));
    browser.find("#presence-refresh").click();
    browser.until(
        "both members in the presence list", d -> browser.findAll("#presence li").size() == 2);
    browser.screenshot("rooms");
    Blocking.awaitQuietly(java.close(), "close the Java client");
  }

  @Test
  @DisplayName(
      "hostile input: markup as chat content, sender and device id is shown as text and never runs")
  void markupStaysText() throws Exception {
    openConsole(portA, "rooms");
    BeaconClient java = javaClient(portB, new CopyOnWriteArrayList<>());
    java.sender(PAYLOAD);
    java.chat("lobby", PAYLOAD);
    WebElement line = browser.until("the hostile chat in the page", d -> chatLine(PAYLOAD));
    assertThat(line.findElement(By.cssSelector(".sender")).getText()).isEqualTo(PAYLOAD);

    try (TextClient device = TextClient.connect(vertx, portA, "/ws")) {
      assertThat(
              device.request(PAYLOAD + "," + Instant.now().getEpochSecond() + ",44.8,20.4", WAIT))
          .startsWith("ERR bad_device_id");
      assertThat(
              device.request(
                  new JsonObject()
                      .put("type", "gps")
                      .put("id", "x")
                      .put("device_id", PAYLOAD)
                      .put("ts", Instant.now().getEpochSecond())
                      .put("lat", 1)
                      .put("lon", 2)
                      .encode(),
                  WAIT))
          .contains("bad_device_id");
    }
    assertThat(browser.script("return window.__xss === undefined")).isEqualTo(true);
    assertThat(browser.findAll("img[src='x']")).isEmpty();
    assertThat(browser.findAll("#devices tr[data-device^='<']")).isEmpty();
    assertThat((List<?>) browser.script("return beaconConsole.cspViolations()"))
        .as("CSP violations")
        .isEmpty();

    HttpResponse<Void> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/console/"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("script-src 'self'")
        .contains("object-src 'none'");
    Blocking.awaitQuietly(java.close(), "close the Java client");
  }

  @Test
  @DisplayName(
      "cluster: the admin view refuses without the token, lists every gateway's clients with it, sends, disconnects")
  void adminView() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    List<ClosedEvent> closes = new CopyOnWriteArrayList<>();
    BeaconClient java = javaClient(portB, received);
    java.closedHandler(closes::add);
    openConsole(portA, "cluster");

    browser.find("#admin-token").clear();
    browser.find("#admin-load").click();
    browser.until("the refusal", d -> browser.text("#admin-status").contains("HTTP 401"));
    assertThat(browser.findAll("#clients tr")).isEmpty();

    browser.find("#admin-token").sendKeys(ADMIN_TOKEN, Keys.ENTER);
    String row = "#clients tr[data-client='" + java.clientId() + "']";
    browser.until("the Java client in the list", d -> !browser.findAll(row).isEmpty());
    assertThat(browser.text(row + " td:nth-child(2)")).isEqualTo("gw-b");
    browser.until("both gateways listed", d -> browser.findAll("#gateways tr").size() == 2);
    browser.until("a message rate", d -> !browser.text("#rate-messages").equals("-"));
    browser.screenshot("cluster");

    browser.find(row + " input.send-text").sendKeys("from the console");
    browser.find(row + " button.send").click();
    Await.until(
        "the console's message at the Java client",
        WAIT,
        () ->
            received.stream()
                .anyMatch(
                    m ->
                        "direct".equals(m.getString("type"))
                            && "from the console".equals(m.getString("content"))));
    browser.find(row + " button.disconnect").click();
    Await.until(
        "the Java client disconnected with 4000",
        WAIT,
        () -> closes.stream().anyMatch(e -> e.code() == 4000));
    Blocking.awaitQuietly(java.close(), "close the Java client");
  }

  @Test
  @DisplayName(
      "failover: the page's gateway dies, the page reconnects through HAProxy and shows what it missed once each")
  void reconnectThroughHaproxy() throws Exception {
    Assumptions.assumeTrue(Haproxy.installed(), "haproxy is not installed");
    int lbPort = FreePorts.next();
    try (Haproxy haproxy = Haproxy.start(dir, lbPort, portA, portB)) {
      openConsole(lbPort, "rooms");
      String pageGateway = browser.text("#gateway");
      boolean onA = pageGateway.equals("gw-a");
      BeaconProcess victim = onA ? gatewayA : gatewayB;
      String survivor = onA ? "gw-b" : "gw-a";
      try {
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        BeaconClient java = javaClient(onA ? portB : portA, received);
        String room = "failover";
        Blocking.await(java.join(room), "join " + room);
        joinInPage(room);
        java.chat(room, "before");
        browser.until("the first message", d -> chatLine("before"));

        // frozen, the gateway delivers nothing: what is sent now is missed by the page until it
        // recovers
        signal("STOP", victim.pid());
        for (String text : List.of("missed 1", "missed 2", "missed 3")) {
          java.chat(room, text);
        }
        Await.until(
            "the missed messages through Kafka",
            WAIT,
            () ->
                received.stream()
                        .filter(m -> m.getString("content", "").startsWith("missed"))
                        .count()
                    == 3);
        victim.kill();

        browser.until(
            "the page on the other gateway",
            d ->
                browser.text("#gateway").equals(survivor)
                    && browser.text("#connections").equals("2")
                    && browser.text("#state").equals("OPEN"));
        java.chat(room, "after");
        browser.until("the message after the reconnect", d -> chatLine("after"));
        for (String text : List.of("before", "missed 1", "missed 2", "missed 3", "after")) {
          assertThat(chatTexts()).as("'%s' shown once", text).containsOnlyOnce(text);
        }
        assertThat(chatTexts())
            .containsSubsequence("before", "missed 1", "missed 2", "missed 3", "after");
        assertThat(browser.text("#messages")).contains("room " + room + ": recovered");
        browser.screenshot("rooms-after-failover");
        Blocking.awaitQuietly(java.close(), "close the Java client");
      } finally {
        victim.kill();
        // The other tests use both gateways.
        if (onA) {
          gatewayA = cluster.gateway("gw-a", portA, Map.of("BEACON_ADMIN_TOKEN", ADMIN_TOKEN));
        } else {
          gatewayB = cluster.gateway("gw-b", portB, Map.of("BEACON_ADMIN_TOKEN", ADMIN_TOKEN));
        }
      }
    }
  }

  /**
   * Forgets what earlier page loads on {@code port}'s origin kept: the read token, the admin token,
   * the settings.
   */
  private static void forgetCredentials(int port) {
    browser.open("http://127.0.0.1:" + port + "/health");
    browser.script("sessionStorage.clear(); localStorage.clear();");
  }

  /**
   * A fresh page load (not only a new hash) of the console on {@code port}, showing {@code view}.
   */
  /**
   * Opens the console with the read token in its URL, as beacon local prints it; the page takes it
   * out of the URL.
   */
  private static void openConsole(int port, String view) {
    open(port, view, "&read_token=" + READ_TOKEN);
    assertThat((String) browser.script("return location.href"))
        .doesNotContain("read_token")
        .endsWith("#" + view);
    assertThat((String) browser.script("return sessionStorage.getItem('beacon.readToken')"))
        .isEqualTo(READ_TOKEN);
  }

  private static void open(int port, String view, String query) {
    open(port, view, query, "");
  }

  /** {@code tiles}: the tile URL template, empty for none (the bundled outline). */
  private static void open(int port, String view, String query, String tiles) {
    browser.open("about:blank");
    browser.open(
        "http://127.0.0.1:"
            + port
            + "/console/?tiles="
            + java.net.URLEncoder.encode(tiles, java.nio.charset.StandardCharsets.UTF_8)
            + "&api=http://127.0.0.1:"
            + apiPort
            + query
            + "#"
            + view);
    browser.until(
        "the page connected",
        d -> browser.text("#state").equals("OPEN") && !browser.text("#client-id").equals("-"));
  }

  private static void joinInPage(String room) {
    browser.find("#join-room").sendKeys(room, Keys.ENTER);
    browser.until("joined " + room, d -> browser.text("#messages").contains("joined " + room));
  }

  private static BeaconClient javaClient(int port, List<JsonObject> received) {
    BeaconClient client =
        BeaconClient.create(
                vertx,
                ClientOptions.builder(URI.create("ws://127.0.0.1:" + port + "/chat"))
                    .reconnect(ReconnectPolicy.never())
                    .build())
            .sender("java");
    client.messageHandler(received::add);
    Blocking.await(client.connect(), "connect the Java client");
    return client;
  }

  private static Map<?, ?> playback() {
    return (Map<?, ?>) browser.script("return beaconConsole.playback()");
  }

  /** As the console shows a time: "2026-12-07 05:40:00Z". */
  private static String isoTime(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString().replace('T', ' ');
  }

  private static List<?> markerOf(String device) {
    return (List<?>) ((Map<?, ?>) browser.script("return beaconConsole.markers()")).get(device);
  }

  /** The chat line whose text is exactly {@code text}, or null. */
  private static WebElement chatLine(String text) {
    return browser.findAll("#messages li.chat").stream()
        .filter(li -> li.findElement(By.cssSelector(".text")).getText().equals(text))
        .findFirst()
        .orElse(null);
  }

  private static List<String> chatTexts() {
    return browser.findAll("#messages li.chat .text").stream().map(WebElement::getText).toList();
  }

  /** The track table: "ts lat lon" per row. */
  private static List<String> trackOnPage() {
    List<String> rows = new ArrayList<>();
    for (WebElement tr : browser.findAll("#track-points tr")) {
      List<WebElement> cells = tr.findElements(By.tagName("td"));
      rows.add(
          fix(
              Long.parseLong(tr.getDomAttribute("data-ts")),
              Double.parseDouble(cells.get(1).getText()),
              Double.parseDouble(cells.get(2).getText())));
    }
    return rows;
  }

  private static String fix(long ts, double lat, double lon) {
    return ts + " " + lat + " " + lon;
  }

  /** The stored fixes of {@code device} from {@code fromMs} on, oldest first: "ts lat lon". */
  private static List<String> fixesOf(String device, long fromMs) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpsDb + "?open_mode=1");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT device_ts, lat, lon FROM gps_fix WHERE device_id = ? AND device_ts >= ? ORDER BY device_ts")) {
      s.setString(1, device);
      s.setLong(2, fromMs);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(fix(rs.getLong(1), rs.getDouble(2), rs.getDouble(3)));
        }
      }
      return rows;
    }
  }

  private static long countRows(String sql) {
    return dev.beacon.it.support.GpsDb.queryLong(gpsDb, sql);
  }

  /** The simulator's "OK n" count from its summary. */
  private static long acknowledgedFixes(String output) {
    Matcher ok = Pattern.compile("OK (\\d+),").matcher(output);
    assertThat(ok.find()).as("the simulator's summary:\n%s", output).isTrue();
    return Long.parseLong(ok.group(1));
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor())
        .isZero();
  }
}
