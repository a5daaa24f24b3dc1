package dev.beacon.tools.bench.fanout;

/**
 * Told when a load's measured window (after the warm-up) opens and closes, on the thread that runs
 * the load; the per-hop table takes its server snapshots here.
 */
public interface MeasuredWindow {

  MeasuredWindow NONE =
      new MeasuredWindow() {
        @Override
        public void opened() {}

        @Override
        public void closed() {}
      };

  void opened();

  void closed();
}
