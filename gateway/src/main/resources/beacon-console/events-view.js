// Geofences on the map and their enter/exit events: fences from the ingestor's /api/geofences (drawn as circles and
// polygons), events live from the events:* room, newest first, seeded with the last day's from /api/geofence-events.
import { byId, el, isoTime, log, text } from './dom.js';
import { fetchIngestor } from './settings.js';

const ALL = 'events:*';
/** Events kept in the list; older ones drop off the bottom. */
const MAX_EVENTS = 200;
/** How often the fences are read again (they change on the admin API, not through this page). */
const FENCE_REFRESH_MS = 30_000;

export class EventsView {
  #settings;
  #map;
  #layers = new Map();
  #fences = [];
  #events = [];
  #seen = new Set();

  constructor(client, settings, map) {
    this.#settings = settings;
    this.#map = map;
    client.on('message', (m) => m.type === 'geofence' && this.#onEvent(m));
    client.join(ALL).catch((e) => log(`cannot follow ${ALL}: ${e.message}`));
    this.#loadFences();
    this.#loadRecentEvents();
    setInterval(() => this.#loadFences(), FENCE_REFRESH_MS);
  }

  /** The fences drawn, as the API gave them (for tests and the curious). */
  geofences() {
    return this.#fences.map((f) => ({ id: f.id, name: f.name, type: f.type }));
  }

  /** The events listed, newest first (for tests and the curious). */
  events() {
    return this.#events.map((e) => ({ id: e.id, device_id: e.device_id, fence_id: e.fence_id, event: e.event }));
  }

  async #loadFences() {
    try {
      const response = await fetchIngestor(`${this.#settings.api}/api/geofences`, this.#settings);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.#draw((await response.json()).geofences);
    } catch (e) {
      text('geofence-info', `geofences unavailable: ${e.message}`);
    }
  }

  async #loadRecentEvents() {
    const from = Date.now() - 24 * 3600_000;
    try {
      const url = `${this.#settings.api}/api/geofence-events?from=${from}&limit=1000`;
      const response = await fetchIngestor(url, this.#settings);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      for (const event of (await response.json()).events.slice(-MAX_EVENTS)) this.#onEvent(event);
    } catch (e) {
      // Live events still arrive; the map view already says when the API needs a sign-in.
    }
  }

  #draw(fences) {
    const L = globalThis.L;
    for (const layer of this.#layers.values()) layer.remove();
    this.#layers.clear();
    this.#fences = fences;
    for (const fence of fences) {
      const style = { color: '#dd6b20', weight: 2, fillOpacity: 0.1 };
      const layer = fence.type === 'circle'
        ? L.circle([fence.lat, fence.lon], { ...style, radius: fence.radius_m })
        : L.polygon(fence.points.map((p) => [p.lat, p.lon]), style);
      layer.bindTooltip(el('span', {}, fence.name)).addTo(this.#map);
      this.#layers.set(fence.id, layer);
    }
    text('geofence-info', `${fences.length} geofence${fences.length === 1 ? '' : 's'}`);
  }

  /** One event into the list, once: the live room and the API may both bring it. */
  #onEvent(event) {
    if (this.#seen.has(event.id)) return;
    this.#seen.add(event.id);
    this.#events.unshift(event);
    const item = el('li', { 'data-event': event.event, 'data-device': event.device_id },
      el('b', {}, event.device_id), ` ${event.event === 'enter' ? 'entered' : 'left'} `,
      el('b', {}, event.fence_name), ` at ${isoTime(event.ts)}`);
    const list = byId('geofence-events');
    list.prepend(item);
    while (this.#events.length > MAX_EVENTS) {
      this.#seen.delete(this.#events.pop().id);
      list.lastElementChild?.remove();
    }
  }
}
