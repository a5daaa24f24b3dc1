// The console's settings: from the page's query (?api=, ?tiles=, ?token=), else saved in this browser, else defaults.

const OPEN_STREET_MAP = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const KEYS = ['api', 'tiles', 'token'];

/** Where the gateway's endpoints are: the console lives at <prefix>/console/. */
export function gatewayPrefix() {
  return location.pathname.replace(/\/console(\/.*)?$/, '');
}

export function chatUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${gatewayPrefix()}/chat`;
}

/**
 * The ingestor's API by default: beside a gateway on plain HTTP (beacon local), its port 8081 on the same host;
 * behind a TLS proxy (the compose stack's nginx), the same origin under /ingestor.
 */
function defaultApi() {
  return location.protocol === 'https:' ? `${location.origin}/ingestor` : `http://${location.hostname}:8081`;
}

export function loadSettings() {
  const query = new URLSearchParams(location.search);
  const settings = { api: defaultApi(), tiles: OPEN_STREET_MAP, token: '' };
  for (const key of KEYS) {
    const saved = localStorage.getItem(`beacon.${key}`);
    if (query.has(key)) settings[key] = query.get(key);
    else if (saved !== null) settings[key] = saved;
  }
  settings.api = settings.api.replace(/\/+$/, '');
  return settings;
}

export function saveSettings(settings) {
  for (const key of KEYS) localStorage.setItem(`beacon.${key}`, settings[key] ?? '');
}
