// The live map: a marker per device following gps:* (labelled with its last speed, course, battery... when the
// device reports them), the device list with last fix and age, and one device's track
// from the ingestor's positions API (GeoJSON) over a time range.
import { age, byId, el, isoTime, log, text } from './dom.js';
import { fetchIngestor, saveReadToken, SignInNeeded } from './settings.js';

/** Enough pages of the default size (1000 devices each) for any map a browser can draw. */
const MAX_DEVICE_PAGES = 100;

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

  constructor(client, settings) {
    this.#client = client;
    this.#settings = settings;
    const L = globalThis.L;
    this.#map = L.map('map', { preferCanvas: false, worldCopyJump: true }).setView([20, 0], 2);
    this.#map.on('dragstart', () => { this.#fitted = true; });
    if (settings.tiles) {
      L.tileLayer(settings.tiles, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' })
        .on('tileerror', () => text('log', 'map tiles unreachable: markers, tracks and coordinates still work'))
        .addTo(this.#map);
    }
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
      byId('track-from').value = localInput(Date.now() - 24 * 3600_000);
      byId('track-to').value = localInput(Date.now() + 3600_000);
    }
    await this.showTrack();
  }

  async showTrack() {
    const deviceId = this.#following.startsWith('gps:') && this.#following !== ALL ? this.#following.slice(4) : null;
    if (!deviceId) {
      text('track-info', 'click a device first');
      return;
    }
    const query = new URLSearchParams({ limit: '10000' });
    if (byId('track-from').value) query.set('from', String(Date.parse(`${byId('track-from').value}Z`)));
    if (byId('track-to').value) query.set('to', String(Date.parse(`${byId('track-to').value}Z`)));
    const url = `${this.#settings.api}/api/devices/${encodeURIComponent(deviceId)}/positions.geojson?${query}`;
    let geoJson;
    try {
      const response = await fetchIngestor(url, this.#settings);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      geoJson = await response.json();
    } catch (e) {
      if (e instanceof SignInNeeded) this.#signIn(e.message);
      text('track-info', `positions API unreachable (${this.#settings.api}): ${e.message}`);
      return;
    }
    this.#drawTrack(deviceId, geoJson);
  }

  #drawTrack(deviceId, geoJson) {
    const L = globalThis.L;
    this.#track?.remove();
    this.#track = L.geoJSON(geoJson, {
      style: { color: '#d53f8c', weight: 3 },
      pointToLayer: (feature, latLng) => L.circleMarker(latLng, { radius: 3, color: '#d53f8c' }),
    }).addTo(this.#map);
    const points = geoJson.features.filter((f) => f.geometry.type === 'Point');
    byId('track-points').replaceChildren(...points.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      return el('tr', { 'data-ts': f.properties.ts }, el('td', {}, isoTime(f.properties.ts)), el('td', {}, lat),
        el('td', {}, lon));
    }));
    text('track-info', `${points.length} fixes of ${deviceId}`);
    if (points.length > 0) this.#map.fitBounds(this.#track.getBounds(), { maxZoom: 15, padding: [20, 20] });
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
    Object.assign(device, { ts, lat, lon });
    device.marker.setLatLng([lat, lon]);
    device.label.textContent = [deviceId, ...describeDetails(details)].join(' · ');
    const [, time, ageCell, latCell, lonCell] = device.row.children;
    time.textContent = isoTime(ts).slice(11);
    time.title = isoTime(ts);
    ageCell.textContent = age(ts);
    latCell.textContent = String(lat);
    lonCell.textContent = String(lon);
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
      .on('click', () => this.select(deviceId))
      .addTo(this.#map);
    const row = el('tr', { 'data-device': deviceId }, el('td', {}, deviceId), el('td'), el('td'), el('td'), el('td'));
    row.addEventListener('click', () => this.select(deviceId));
    const rows = byId('devices');
    const after = [...rows.children].find((r) => r.dataset.device.localeCompare(deviceId, 'en', { numeric: true }) > 0);
    rows.insertBefore(row, after ?? null);
    const device = { ts: -Infinity, lat: 0, lon: 0, marker, row, label };
    this.#devices.set(deviceId, device);
    return device;
  }

  #refreshAges() {
    for (const device of this.#devices.values()) device.row.children[2].textContent = age(device.ts);
  }
}

/** What a fix says beside its position, for the marker's label: only what the device reported. */
export function describeDetails(fix) {
  const parts = [];
  if (fix.speed != null) parts.push(`${(fix.speed * 3.6).toFixed(1)} km/h`);
  if (fix.course != null) parts.push(`${Math.round(fix.course)}°`);
  if (fix.altitude != null) parts.push(`${Math.round(fix.altitude)} m`);
  if (fix.accuracy != null) parts.push(`±${Math.round(fix.accuracy)} m`);
  if (fix.battery != null) parts.push(`${Math.round(fix.battery)} %`);
  for (const [name, value] of Object.entries(fix.attributes ?? {})) parts.push(`${name}=${value}`);
  return parts;
}

/** A datetime-local value in UTC (the inputs are read as UTC). */
function localInput(epochMs) {
  return new Date(epochMs).toISOString().slice(0, 19);
}
