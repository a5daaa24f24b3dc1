// Plays a loaded track back: a marker moves along the fixes at x1, x10 or x60 of their own time (interpolated between
// two fixes), with the time and the last fix's details shown; play/pause and a slider to seek.
import { byId, isoTime, text } from './dom.js';
import { describeDetails } from './fix-details.js';

/** How often the marker moves while playing. */
const TICK_MS = 100;

export class TrackPlayback {
  #map;
  #fixes = [];
  #marker = null;
  #at = 0;
  #timer = null;
  #lastTick = 0;

  constructor(map) {
    this.#map = map;
    byId('play').addEventListener('click', () => (this.#timer ? this.pause() : this.play()));
    byId('play-slider').addEventListener('input', () => {
      this.#seek(Number(byId('play-slider').value));
    });
    this.load([]);
  }

  /** Takes the fixes of a track, oldest first ({ts, lat, lon, speed...}), and stands at the first. */
  load(fixes) {
    this.pause();
    this.#fixes = fixes;
    const empty = fixes.length === 0;
    byId('playback').hidden = empty;
    this.#marker?.remove();
    this.#marker = null;
    if (empty) return;
    const slider = byId('play-slider');
    slider.min = String(fixes[0].ts);
    slider.max = String(fixes[fixes.length - 1].ts);
    slider.step = '1000';
    this.#marker = globalThis.L.circleMarker([fixes[0].lat, fixes[0].lon], {
      radius: 8, color: '#553c9a', fillColor: '#9f7aea', fillOpacity: 1, className: 'playback-marker',
    }).addTo(this.#map);
    this.#seek(fixes[0].ts);
  }

  play() {
    if (this.#timer || this.#fixes.length === 0) return;
    if (this.#at >= this.#end()) this.#seek(this.#fixes[0].ts);
    this.#lastTick = performance.now();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    text('play', 'Pause');
  }

  pause() {
    clearInterval(this.#timer);
    this.#timer = null;
    text('play', 'Play');
  }

  /** Where the playback stands (for tests and the curious). */
  state() {
    const [lat, lon] = this.#marker ? [this.#marker.getLatLng().lat, this.#marker.getLatLng().lng] : [null, null];
    return { playing: this.#timer !== null, ts: this.#at, lat, lon, fixes: this.#fixes.length };
  }

  #tick() {
    const now = performance.now();
    const speed = Number(byId('play-speed').value);
    this.#seek(this.#at + (now - this.#lastTick) * speed);
    this.#lastTick = now;
    if (this.#at >= this.#end()) this.pause();
  }

  #end() {
    return this.#fixes[this.#fixes.length - 1].ts;
  }

  /** Moves to time {@code ts}: between the last fix at or before it and the next, in proportion. */
  #seek(ts) {
    const fixes = this.#fixes;
    this.#at = Math.min(Math.max(ts, fixes[0].ts), this.#end());
    let i = 0;
    for (let lo = 0, hi = fixes.length - 1; lo <= hi;) {
      const mid = (lo + hi) >> 1;
      if (fixes[mid].ts <= this.#at) {
        i = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const fix = fixes[i];
    const next = fixes[i + 1];
    const share = next && next.ts > fix.ts ? (this.#at - fix.ts) / (next.ts - fix.ts) : 0;
    const lat = next ? fix.lat + (next.lat - fix.lat) * share : fix.lat;
    const lon = next ? fix.lon + (next.lon - fix.lon) * share : fix.lon;
    this.#marker.setLatLng([lat, lon]);
    byId('play-slider').value = String(Math.round(this.#at));
    text('play-time', isoTime(this.#at));
    text('play-details', [`fix ${i + 1}/${fixes.length}`, ...describeDetails(fix)].join(' · '));
  }
}
