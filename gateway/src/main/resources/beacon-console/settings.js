// The console's settings: from the page's query (?api=, ?tiles=, ?token=), else saved in this browser, else defaults;
// and the credential of the ingestor's read API, kept in this tab only.

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

const READ_TOKEN = 'beacon.readToken';

/**
 * Moves ?read_token= (in the console URL `beacon local` prints) into this tab's sessionStorage, and out of the address
 * bar and the history, so it is not bookmarked or shared by accident.
 */
export function takeReadTokenFromUrl() {
  const query = new URLSearchParams(location.search);
  if (!query.has('read_token')) return;
  saveReadToken(query.get('read_token'));
  query.delete('read_token');
  const search = query.toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

export function saveReadToken(token) {
  sessionStorage.setItem(READ_TOKEN, token.trim());
}

/** The read token signed in with, else the JWT of the settings (its `read` claim may grant reading), else none. */
function readCredential(settings) {
  return sessionStorage.getItem(READ_TOKEN) || settings.token || '';
}

/** Refused by the ingestor's API for want of a (valid) credential: `message` is the server's reason. */
export class SignInNeeded extends Error {}

/** GET from the ingestor's API with `Authorization: Bearer <credential>`; a 401 rejects with SignInNeeded. */
export async function fetchIngestor(url, settings) {
  const credential = readCredential(settings);
  const response = await fetch(url, credential ? { headers: { Authorization: `Bearer ${credential}` } } : {});
  if (response.status === 401) {
    const reason = await response.json().then((body) => body.message, () => 'HTTP 401');
    throw new SignInNeeded(reason);
  }
  return response;
}
