package dev.beacon.tools.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PercentileChartTest {

  private static Histogram micros(long... values) {
    Histogram h = new Histogram(3);
    for (long v : values) {
      h.recordValue(v);
    }
    return h;
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> curves(Document doc) {
    NodeList lines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
    List<Element> curves = new ArrayList<>();
    for (int i = 0; i < lines.getLength(); i++) {
      curves.add((Element) lines.item(i));
    }
    return curves;
  }

  @Test
  @DisplayName("the percentile axis is logarithmic in the distance to 100 %")
  void percentileAxisIsLogarithmic() {
    double zero = PercentileChart.x(0, 3);
    double ninety = PercentileChart.x(90, 3);
    double ninetyNine = PercentileChart.x(99, 3);
    double threeNines = PercentileChart.x(99.9, 3);
    assertThat(zero).isEqualTo(PercentileChart.LEFT);
    assertThat(ninety - zero)
        .isCloseTo(ninetyNine - ninety, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(threeNines)
        .isCloseTo(
            PercentileChart.WIDTH - PercentileChart.RIGHT,
            org.assertj.core.data.Offset.offset(1e-6));
    assertThat(PercentileChart.x(100, 3)).isEqualTo(threeNines);
  }

  @Test
  @DisplayName(
      "well-formed SVG with one curve per system, each point where its percentile and value put it")
  void oneCurvePerSystem() throws Exception {
    PercentileCurve beacon =
        new PercentileCurve(
            "Beacon & co <2 gateways>",
            List.of(
                new PercentileCurve.Point(0, 1),
                new PercentileCurve.Point(90, 2),
                new PercentileCurve.Point(99, 4)));
    PercentileCurve node =
        new PercentileCurve(
            "node-ws",
            List.of(new PercentileCurve.Point(0, 0.5), new PercentileCurve.Point(99.9, 3)));
    Document doc = parse(PercentileChart.svg("room, 100 msgs/s", List.of(beacon, node)));

    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    List<Element> curves = curves(doc);
    assertThat(curves).hasSize(2);
    assertThat(curves.get(0).getAttribute("data-system")).isEqualTo("Beacon & co <2 gateways>");
    assertThat(curves.get(1).getAttribute("data-system")).isEqualTo("node-ws");
    String[] points = curves.get(0).getAttribute("points").split(" ");
    assertThat(points).hasSize(3);
    // max value 4 ms -> a 5 ms axis; 99 % is two of three decades along
    double[] second = xy(points[1]);
    assertThat(second[0])
        .isCloseTo(PercentileChart.x(90, 3), org.assertj.core.data.Offset.offset(0.06));
    assertThat(second[1])
        .isCloseTo(PercentileChart.y(2, 5), org.assertj.core.data.Offset.offset(0.06));
    double[] third = xy(points[2]);
    assertThat(third[1])
        .isCloseTo(PercentileChart.y(4, 5), org.assertj.core.data.Offset.offset(0.06));
    assertThat(curves.get(1).getAttribute("points").split(" ")).hasSize(2);
  }

  private static double[] xy(String point) {
    String[] xy = point.split(",");
    return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
  }

  @Test
  @DisplayName("a .hgrm file is HdrHistogram's percentile output in ms and reads back as its curve")
  void percentileFileRoundTrips(@TempDir Path dir) throws Exception {
    Histogram h = micros(1000, 2000, 3000, 4000, 100_000);
    Path file = dir.resolve("run.beacon.hgrm");
    PercentileFile.write(h, file);
    assertThat(Files.readString(file)).contains("Value     Percentile TotalCount 1/(1-Percentile)");
    PercentileCurve curve = PercentileFile.read("beacon", file);
    assertThat(curve.points()).isNotEmpty();
    assertThat(curve.points().get(0).percentile()).isZero();
    assertThat(curve.points().get(0).valueMs())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(curve.points().get(curve.points().size() - 1).valueMs())
        .isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  @DisplayName("runs of several systems into one directory draw one chart with a curve each")
  void resultFilesDrawTheSystemsSideBySide(@TempDir Path dir) throws Exception {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);
    new ResultFiles(dir, "Beacon in-process", out).record("room-100msgs", "t", micros(1000, 2000));
    new ResultFiles(dir, "Node ws + Redis", out).record("room-100msgs", "t", micros(500, 900));
    new ResultFiles(dir, "Node ws", out).record("room-200msgs", "t", micros(700));

    assertThat(dir.resolve("room-100msgs.beacon-in-process.hgrm")).exists();
    assertThat(dir.resolve("room-100msgs.node-ws-redis.hgrm")).exists();
    assertThat(curves(parse(Files.readString(dir.resolve("room-100msgs.svg")))))
        .extracting(e -> e.getAttribute("data-system"))
        .containsExactly("beacon-in-process", "node-ws-redis");
    assertThat(curves(parse(Files.readString(dir.resolve("room-200msgs.svg"))))).hasSize(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("percentiles: " + dir.resolve("room-100msgs.node-ws-redis.hgrm").toAbsolutePath())
        .contains("chart (2 system(s)): " + dir.resolve("room-100msgs.svg").toAbsolutePath());
  }
}
