package dev.beacon.common.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceGrantsTest {

  @Test
  @DisplayName(
      "exact ids match only themselves, a prefix ending in * matches every id it starts, * matches all")
  void matching() {
    DeviceGrants grants = DeviceGrants.of(List.of("32", "van-*"));
    assertThat(grants.allows("32")).isTrue();
    assertThat(grants.allows("33")).isFalse();
    assertThat(grants.allows("320")).isFalse();
    assertThat(grants.allows("van-7")).isTrue();
    assertThat(grants.allows("van")).isFalse();
    assertThat(DeviceGrants.of(List.of("*")).allows("anything")).isTrue();
    assertThat(DeviceGrants.exactly("auth0|ana").allows("auth0|ana")).isTrue();
    assertThat(DeviceGrants.exactly("ana").allows("ana2")).isFalse();
    assertThat(DeviceGrants.none().allows("32")).isFalse();
  }

  @Test
  @DisplayName(
      "an empty list, a bad character, a * inside an id or too many entries are refused with the rule")
  void validation() {
    assertThatThrownBy(() -> DeviceGrants.of(List.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> DeviceGrants.of(List.of("32", "a b")))
        .hasMessageContaining("'a b'")
        .hasMessageContaining("A-Z a-z 0-9");
    assertThatThrownBy(() -> DeviceGrants.of(List.of("v*n"))).hasMessageContaining("'v*n'");
    assertThatThrownBy(() -> DeviceGrants.of(java.util.Collections.nCopies(1001, "x")))
        .hasMessageContaining("at most 1000");
    assertThat(DeviceGrants.problem(List.of("a.b:c_d-e*"))).isNull();
  }
}
