package dev.beacon.ingestor.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.geofence.FenceShape;
import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceEvent;
import dev.beacon.common.gps.GpsFix;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FenceJudgeTest {

  /** A 1 km circle at 0,0, made at time 100. */
  static final Geofence ZONE =
      new Geofence("zone", "Zone", new FenceShape.Circle(0, 0, 1_000), 100, 100);

  static final double OUT = 0.05; // about 5.5 km north

  static GpsFix at(long ts, double lat) {
    return new GpsFix("32", ts, lat, 0, 1_000 + ts, "gw");
  }

  private static List<String> judge(DeviceFences state, GpsFix... fixes) {
    return FenceJudge.judge("32", state, List.of(fixes), List.of(ZONE), 5).stream()
        .map(e -> e.kind().wire() + "@" + e.deviceTs())
        .toList();
  }

  @Test
  @DisplayName("outside, inside, inside, outside: one enter and one exit")
  void crossing() {
    DeviceFences state = DeviceFences.fresh();
    assertThat(judge(state, at(1, OUT), at(2, 0), at(3, 0.001), at(4, OUT)))
        .containsExactly("enter@2", "exit@4");
    assertThat(state.inside).isEmpty();
    assertThat(state.judgedTs).isEqualTo(4);
  }

  @Test
  @DisplayName("a device first seen inside enters; first seen outside makes no event")
  void firstFix() {
    assertThat(judge(DeviceFences.fresh(), at(1, 0))).containsExactly("enter@1");
    assertThat(judge(DeviceFences.fresh(), at(1, OUT))).isEmpty();
  }

  @Test
  @DisplayName("the boundary is inside: standing on it makes no exit")
  void boundary() {
    double edge = Math.toDegrees(1_000 / dev.beacon.common.geofence.Haversine.EARTH_RADIUS_METERS);
    DeviceFences state = DeviceFences.fresh();
    assertThat(judge(state, at(1, 0), at(2, edge * 0.999_999), at(3, edge * 0.999_999)))
        .containsExactly("enter@1");
  }

  @Test
  @DisplayName("a fix older than the newest judged is ignored: it does not flip the state")
  void outOfOrder() {
    DeviceFences state = DeviceFences.fresh();
    assertThat(judge(state, at(10, 0))).containsExactly("enter@10");
    assertThat(judge(state, at(5, OUT), at(10, OUT))).isEmpty();
    assertThat(state.inside).containsKey("zone");
    assertThat(judge(state, at(11, OUT))).containsExactly("exit@11");
  }

  @Test
  @DisplayName("state carried over (as after a restart) continues without a repeated enter")
  void restart() {
    DeviceFences state = DeviceFences.fresh();
    judge(state, at(1, 0));
    DeviceFences reloaded = new DeviceFences(state.judgedTs, state.inside);
    assertThat(judge(reloaded, at(2, 0), at(3, OUT))).containsExactly("exit@3");
  }

  @Test
  @DisplayName("a fence ignores fixes received before it was made; a deleted one is forgotten")
  void lifecycle() {
    DeviceFences state = DeviceFences.fresh();
    GpsFix early = new GpsFix("32", 1, 0, 0, 50, "gw");
    assertThat(judge(state, early)).isEmpty();
    assertThat(judge(state, at(2, 0))).containsExactly("enter@2");
    List<GeofenceEvent> none = FenceJudge.judge("32", state, List.of(at(3, OUT)), List.of(), 5);
    assertThat(none).isEmpty();
    assertThat(state.inside).isEmpty();
  }
}
