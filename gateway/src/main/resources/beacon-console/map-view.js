// The live map: a marker per device following gps:* (labelled with its last speed, course, battery... when the
// device reports them, and a popup with every detail), the device list with last fix, age and details, and one
// device's track from the ingestor's positions API (GeoJSON) over a time range, which can be played back.
import { addBaseMap } from './base-map.js';
import { age, byId, el, isoTime, log, text } from './dom.js';
import { accuracyText, batteryText, courseText, describeDetails, detailRows, speedText } from './fix-details.js';
import { fetchIngestor, saveReadToken, SignInNeeded } from './settings.js';
import { TrackPlayback } from './track-playback.js';

/** Enough pages of the default size (1000 devices each) for any map a browser can draw. */
const MAX_DEVICE_PAGES = 100;
/** Fixes per page of a track, and the most pages read: a track of up to 100,000 fixes plays back. */
const TRACK_PAGE_SIZE = 10_000;
const MAX_TRACK_PAGES = 10;
/** The track's range when none is picked: the last hour. */
const DEFAULT_TRACK_RANGE_MS = 3600_000;

/** The rel="next" target of a Link header, resolved against the request's URL; null on the last page. */
function nextLink(header, base) {
  const match = header && /<([^>]+)>\s*;\s*rel="next"/.exec(header);
  return match ? new URL(match[1], base).toString() : null;
}

const ALL = 'gps:*';

export class MapView {
  #client;
  #settings;
  #map;
  #devices = new Map();
  #following = ALL;
  #track = null;
  #fitted = false;
  #playback;

  constructor(client, settings) {
    this.#client = client;
    this.#settings = settings;
    const L = globalThis.L;
    this.#map = L.map('map', { preferCanvas: false, worldCopyJump: true }).setView([20, 0], 2);
    this.#map.on('dragstart', () => { this.#fitted = true; });
    addBaseMap(this.#map, settings.tiles);
    this.#playback = new TrackPlayback(this.#map);
    client.on('message', (m) => m.type === 'gps' && this.#onFix(m.device_id, m.ts, m.lat, m.lon, m));
    client.join(ALL).catch((e) => log(`cannot follow ${ALL}: ${e.message}`));
    byId('follow-all').addEventListener('click', () => this.follow(ALL));
    byId('track-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.showTrack();
    });
    byId('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      saveReadToken(byId('read-token').value);
      byId('read-token').value = '';
      byId('signin-form').hidden = true;
      this.#loadDevices();
    });
    setInterval(() => this.#refreshAges(), 1000);
    this.#loadDevices();
  }

  /** Asks for the read token, saying why (the API's 401 message). */
  #signIn(reason) {
    text('signin-reason', reason);
    byId('signin-form').hidden = false;
    log(`positions API: ${reason}`);
  }

  /** The Leaflet map, for the views that draw on it (geofences). */
  leafletMap() {
    return this.#map;
  }

  /** Resizes the map once its view is visible again. */
  shown() {
    this.#map.invalidateSize();
  }

  /** What the markers show: {deviceId: [lat, lon]} (for tests and the curious, from the browser's console). */
  markers() {
    return Object.fromEntries([...this.#devices].map(([id, d]) => [id, [d.lat, d.lon]]));
  }

  /** Opens a device's popup and returns its text (for tests and the curious). */
  openPopup(deviceId) {
    const device = this.#devices.get(deviceId);
    if (!device) return null;
    device.marker.openPopup();
    return device.marker.getPopup().getElement()?.textContent ?? null;
  }

  /** Where the track playback stands (for tests and the curious). */
  playback() {
    return this.#playback.state();
  }

  async follow(room) {
    if (room === this.#following) return;
    const previous = this.#following;
    this.#following = room;
    text('following', room);
    await this.#client.leave(previous).catch(() => {});
    await this.#client.join(room).catch((e) => log(`cannot follow ${room}: ${e.message}`));
    for (const [id, device] of this.#devices) device.row.classList.toggle('selected', room === `gps:${id}`);
  }

  async select(deviceId) {
    this.#fitted = true;
    await this.follow(`gps:${deviceId}`);
    text('track-device', deviceId);
    if (!byId('track-from').value) {
      byId('track-from').value = localInput(Date.now() - DEFAULT_TRACK_RANGE_MS);
      // a minute ahead: fixes stamped by a device whose clock runs a little fast still show
      byId('track-to').value = localInput(Date.now() + 60_000);
    }
    await this.showTrack();
  }

  async showTrack() {
    const deviceId = this.#following.startsWith('gps:') && this.#following !== ALL ? this.#following.slice(4) : null;
    if (!deviceId) {
      text('track-info', 'click a device first');
      return;
    }
    const query = new URLSearchParams({ limit: String(TRACK_PAGE_SIZE) });
    if (byId('track-from').value) query.set('from', String(Date.parse(`${byId('track-from').value}Z`)));
    if (byId('track-to').value) query.set('to', String(Date.parse(`${byId('track-to').value}Z`)));
    const base = `${this.#settings.api}/api/devices/${encodeURIComponent(deviceId)}/positions.geojson`;
    const points = [];
    let complete = false;
    try {
      // Pages of fixes, oldest first, each naming the next by its next_cursor until the last.
      for (let pages = 0; pages < MAX_TRACK_PAGES && !complete; pages++) {
        const response = await fetchIngestor(`${base}?${query}`, this.#settings);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const page = await response.json();
        points.push(...page.features.filter((f) => f.geometry.type === 'Point'));
        if (page.next_cursor) query.set('cursor', page.next_cursor);
        else complete = true;
      }
    } catch (e) {
      if (e instanceof SignInNeeded) this.#signIn(e.message);
      text('track-info', `positions API unreachable (${this.#settings.api}): ${e.message}`);
      return;
    }
    this.#drawTrack(deviceId, points, complete);
  }

  /** {@code points}: the track's GeoJSON Point features, oldest first. */
  #drawTrack(deviceId, points, complete) {
    const L = globalThis.L;
    this.#track?.remove();
    const fixes = points.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      return { ...f.properties, lat, lon };
    });
    this.#track = L.featureGroup([
      L.polyline(fixes.map((f) => [f.lat, f.lon]), { color: '#d53f8c', weight: 3 }),
      ...fixes.map((f) => L.circleMarker([f.lat, f.lon], { radius: 3, color: '#d53f8c' })),
    ]).addTo(this.#map);
    byId('track-points').replaceChildren(...fixes.map((f) =>
      el('tr', { 'data-ts': f.ts }, el('td', {}, isoTime(f.ts)), el('td', {}, f.lat), el('td', {}, f.lon))));
    const more = complete ? '' : ` (the first ${fixes.length}: narrow the range for the rest)`;
    text('track-info', `${fixes.length} fixes of ${deviceId}${more}`);
    this.#playback.load(fixes);
    if (fixes.length > 0) this.#map.fitBounds(this.#track.getBounds(), { maxZoom: 15, padding: [20, 20] });
  }

  async #loadDevices() {
    try {
      // Pages of devices: the next one is named by the Link header (rel="next") until the last page.
      let url = `${this.#settings.api}/api/devices`;
      for (let pages = 0; url && pages < MAX_DEVICE_PAGES; pages++) {
        const response = await fetchIngestor(url, this.#settings);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        for (const d of await response.json()) {
          this.#onFix(d.device_id, d.latest.ts, d.latest.lat, d.latest.lon, d.latest);
        }
        url = nextLink(response.headers.get('Link'), url);
      }
    } catch (e) {
      if (e instanceof SignInNeeded) this.#signIn(e.message);
      else log(`positions API unreachable (${this.#settings.api}): live fixes only; set it in Settings`);
    }
  }

  /** {@code details}: the fix's speed, course, altitude, accuracy, battery and attributes, those it has. */
  #onFix(deviceId, ts, lat, lon, details = {}) {
    let device = this.#devices.get(deviceId);
    if (!device) {
      device = this.#addDevice(deviceId);
    } else if (ts < device.ts) {
      return;
    }
    Object.assign(device, { ts, lat, lon, details });
    device.marker.setLatLng([lat, lon]);
    device.label.textContent = [deviceId, ...describeDetails(details)].join(' · ');
    const [, time, ageCell, latCell, lonCell, speed, course, battery, accuracy] = device.row.children;
    time.textContent = isoTime(ts).slice(11);
    time.title = isoTime(ts);
    ageCell.textContent = age(ts);
    latCell.textContent = String(lat);
    lonCell.textContent = String(lon);
    speed.textContent = details.speed != null ? speedText(details.speed) : '';
    course.textContent = details.course != null ? courseText(details.course) : '';
    battery.textContent = details.battery != null ? batteryText(details.battery) : '';
    accuracy.textContent = details.accuracy != null ? accuracyText(details.accuracy) : '';
    if (device.marker.isPopupOpen()) device.marker.getPopup().update();
    if (this.#following === ALL && !this.#track && !this.#fitted) this.#fitAll();
  }

  /** Shows every device until the user moves the map or picks one. */
  #fitAll() {
    const points = [...this.#devices.values()].map((d) => [d.lat, d.lon]);
    if (points.length === 1) this.#map.setView(points[0], 12, { animate: false });
    else this.#map.fitBounds(points, { maxZoom: 12, padding: [30, 30], animate: false });
  }

  #addDevice(deviceId) {
    const L = globalThis.L;
    const label = el('span', {}, deviceId);
    const marker = L.circleMarker([0, 0], { radius: 7, color: '#2b6cb0', fillOpacity: 0.8 })
      .bindTooltip(label, { permanent: true, direction: 'right', offset: [8, 0] })
      .bindPopup(() => this.#popup(deviceId))
      .on('click', () => this.select(deviceId))
      .addTo(this.#map);
    const row = el('tr', { 'data-device': deviceId }, el('td', {}, deviceId),
      ...Array.from({ length: 8 }, () => el('td')));
    row.addEventListener('click', () => this.select(deviceId));
    const rows = byId('devices');
    const after = [...rows.children].find((r) => r.dataset.device.localeCompare(deviceId, 'en', { numeric: true }) > 0);
    rows.insertBefore(row, after ?? null);
    const device = { ts: -Infinity, lat: 0, lon: 0, details: {}, marker, row, label };
    this.#devices.set(deviceId, device);
    return device;
  }

  /** A device's popup: its last fix, time, position and every detail it reported. */
  #popup(deviceId) {
    const d = this.#devices.get(deviceId);
    const rows = [['time (UTC)', isoTime(d.ts)], ['position', `${d.lat}, ${d.lon}`], ...detailRows(d.details)];
    return el('div', { class: 'device-popup', 'data-device': deviceId }, el('b', {}, deviceId),
      el('table', {}, ...rows.map(([name, value]) => el('tr', {}, el('th', {}, name), el('td', {}, value)))));
  }

  #refreshAges() {
    for (const device of this.#devices.values()) device.row.children[2].textContent = age(device.ts);
  }
}

/** A datetime-local value in UTC (the inputs are read as UTC). */
function localInput(epochMs) {
  return new Date(epochMs).toISOString().slice(0, 19);
}
