package dev.beacon.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceKeyUrlTest {

  @Test
  @DisplayName(
      "--key goes into the URL's query, after any query it had; no key leaves the URL alone")
  void keyInTheQuery() {
    String key = "bk_3f9a1c2e7b4d6a01_q0YH0x3f2o6Yk3M1zJq2l9Qm1o8o3vX5wD6mR7bT0aE";
    assertThat(DeviceKeyUrl.of(URI.create("ws://127.0.0.1:8080/ws"), key))
        .hasToString("ws://127.0.0.1:8080/ws?key=" + key);
    assertThat(DeviceKeyUrl.of(URI.create("wss://h/rt/ws?x=1"), key))
        .hasToString("wss://h/rt/ws?x=1&key=" + key);
    assertThat(DeviceKeyUrl.of(URI.create("ws://h/ws"), "")).hasToString("ws://h/ws");
    assertThat(DeviceKeyUrl.of(URI.create("ws://h/ws"), null)).hasToString("ws://h/ws");
  }
}
