// The console's entry point: one beacon.js connection to this gateway's /chat, shared by the three views.
import { BeaconClient } from './beacon.js';
import { ClusterView } from './cluster-view.js';
import { byId, log, text } from './dom.js';
import { EventsView } from './events-view.js';
import { MapView } from './map-view.js';
import { RoomsView } from './rooms-view.js';
import { chatUrl, loadSettings, saveSettings, takeReadTokenFromUrl } from './settings.js';

// what the Content-Security-Policy blocked: nothing, unless markup got into the page or the policy breaks the page
const cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  log(`blocked by the Content-Security-Policy: ${e.violatedDirective} ${e.blockedURI}`);
});

takeReadTokenFromUrl();
const settings = loadSettings();
const client = new BeaconClient(chatUrl(), { token: settings.token || null, sender: null });

client.on('state', ({ state }) => {
  byId('state').dataset.state = state;
  text('state', state);
});
client.on('welcome', (w) => {
  text('gateway', w.gateway);
  text('client-id', w.client_id);
  text('connections', client.connections);
  log(`connected to ${w.gateway} as ${w.client_id}`);
});

const views = {
  map: new MapView(client, settings),
  rooms: new RoomsView(client),
  cluster: new ClusterView(client, settings),
};
const events = new EventsView(client, settings, views.map.leafletMap());

function show(view) {
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${view}`;
  for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.view === view);
  if (view === 'map') views.map.shown();
  if (view === 'cluster') views.cluster.refresh();
  if (view === 'rooms') views.rooms.refreshPresence();
  if (location.hash !== `#${view}`) history.replaceState(null, '', `#${view}`);
}

for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => show(tab.dataset.view));
addEventListener('hashchange', () => show(viewOfHash()));

function viewOfHash() {
  const view = location.hash.slice(1);
  return view in views || view === 'settings' ? view : 'map';
}

byId('tile-url').value = settings.tiles;
byId('api-url').value = settings.api;
byId('jwt').value = settings.token;
byId('settings-form').addEventListener('submit', (e) => {
  e.preventDefault();
  saveSettings({ tiles: byId('tile-url').value.trim(), api: byId('api-url').value.trim(), token: byId('jwt').value.trim() });
  location.search = '';
});

// read-only hooks for tests and for poking around from the browser's developer tools
globalThis.beaconConsole = {
  client,
  markers: () => views.map.markers(),
  openPopup: (deviceId) => views.map.openPopup(deviceId),
  playback: () => views.map.playback(),
  geofences: () => events.geofences(),
  geofenceEvents: () => events.events(),
  cspViolations: () => [...cspViolations],
};

show(viewOfHash());
client.connect().catch((e) => log(`cannot connect to ${chatUrl()}: ${e.message}`));
