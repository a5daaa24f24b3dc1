package dev.beacon.common.geofence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beacon.common.geofence.FenceShape.Circle;
import dev.beacon.common.geofence.FenceShape.Polygon;
import dev.beacon.common.geofence.FenceShape.Vertex;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FenceShapeTest {

  @Test
  @DisplayName("haversine gives the known distance Belgrade-Novi Sad within 0.5 %")
  void haversine() {
    // 44.8125, 20.4612 (Belgrade) to 45.2671, 19.8335 (Novi Sad): about 70.6 km.
    double meters = Haversine.meters(44.8125, 20.4612, 45.2671, 19.8335);
    assertThat(meters).isCloseTo(70_600, within(400.0));
    assertThat(Haversine.meters(10, 10, 10, 10)).isZero();
  }

  @Test
  @DisplayName("a circle holds what is within its radius, its boundary included")
  void circle() {
    Circle circle = new Circle(44.8, 20.4, 1_000);
    assertThat(circle.contains(44.8, 20.4)).isTrue();
    // 0.008 degrees of latitude is about 890 m, 0.01 about 1112 m.
    assertThat(circle.contains(44.808, 20.4)).isTrue();
    assertThat(circle.contains(44.81, 20.4)).isFalse();
    double onBoundary = Math.toDegrees(1_000 / Haversine.EARTH_RADIUS_METERS);
    assertThat(circle.contains(44.8 + onBoundary * 0.999_999, 20.4)).isTrue();
  }

  @Test
  @DisplayName("a concave polygon: its notch is outside, its edges and vertices inside")
  void polygon() {
    // A U shape: x from 0 to 3, y from 0 to 3, with the notch x 1..2, y 1..3 cut out.
    Polygon u =
        new Polygon(
            List.of(
                new Vertex(0, 0),
                new Vertex(0, 3),
                new Vertex(3, 3),
                new Vertex(3, 2),
                new Vertex(1, 2),
                new Vertex(1, 1),
                new Vertex(3, 1),
                new Vertex(3, 0)));
    assertThat(u.contains(0.5, 0.5)).as("in the base").isTrue();
    assertThat(u.contains(2.5, 2.5)).as("in an arm").isTrue();
    assertThat(u.contains(1.5, 1.5)).as("in the notch").isFalse();
    assertThat(u.contains(4, 1)).as("beyond").isFalse();
    assertThat(u.contains(0, 1.5)).as("on an edge").isTrue();
    assertThat(u.contains(3, 3)).as("on a vertex").isTrue();
    assertThat(u.contains(1, 1.5)).as("on the notch's edge").isTrue();
  }
}
