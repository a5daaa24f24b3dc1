// The cluster: gateways and their clients (from presence, or the admin API with a token), message and fix rates
// from the gateway's and the ingestor's /metrics, Kafka consumer lag, and the admin client list with disconnect
// and send.
import { byId, el, text } from './dom.js';
import { Rates, scrape, sum } from './metrics.js';
import { gatewayPrefix } from './settings.js';

const PERIOD_MS = 2000;

export class ClusterView {
  #client;
  #settings;
  #rates = new Rates();
  #adminClients = null;

  constructor(client, settings) {
    this.#client = client;
    this.#settings = settings;
    byId('admin-token').value = sessionStorage.getItem('beacon.adminToken') ?? '';
    byId('admin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem('beacon.adminToken', byId('admin-token').value);
      this.loadClients();
    });
    setInterval(() => this.refresh(), PERIOD_MS);
  }

  /** Polls while the view is shown (and once when it is opened). */
  async refresh() {
    if (byId('view-cluster').hidden) return;
    await Promise.allSettled([this.#stats(), this.#gatewaysFromPresence(), this.#metrics()]);
  }

  async #stats() {
    const stats = await this.#client.stats();
    text('stats-clients', stats.connected_clients);
    text('stats-uptime', Math.round(stats.server_uptime));
  }

  async #gatewaysFromPresence() {
    if (this.#adminClients) return;
    const presence = await this.#client.presence('lobby');
    this.#renderGateways(presence.clients);
  }

  async #metrics() {
    const [gateway, ingestor] = await Promise.allSettled([scrape('/metrics'),
      scrape(`${this.#settings.api}/metrics`)]);
    const now = Date.now();
    if (gateway.status === 'fulfilled') {
      const samples = gateway.value;
      const messages = sum(samples, 'beacon_gateway_messages_in_total');
      const fixes = sum(samples, 'beacon_gateway_messages_in_total', 'type="csv"')
        + sum(samples, 'beacon_gateway_messages_in_total', 'type="gps"');
      text('rate-messages', format(this.#rates.rate('messages', messages, now)));
      text('rate-fixes', format(this.#rates.rate('fixes', fixes, now)));
    }
    // in beacon local both endpoints are the same registry: a series is counted once, by its name and labels
    const lag = new Map();
    for (const result of [gateway, ingestor]) {
      if (result.status !== 'fulfilled') continue;
      for (const s of result.value) {
        if (s.name.endsWith('_consumer_lag_records')) lag.set(s.name + s.labels, s.value);
      }
    }
    text('lag', lag.size ? [...lag.values()].reduce((a, b) => a + b, 0) : '-');
    if (ingestor.status === 'fulfilled') {
      text('rate-stored', format(this.#rates.rate('stored',
        sum(ingestor.value, 'beacon_ingestor_rows_inserted_total'), now)));
    }
  }

  async loadClients() {
    const token = byId('admin-token').value;
    const response = await this.#admin('GET', '/clients', null, token);
    if (!response) return;
    const body = await response.json();
    this.#adminClients = body.clients;
    text('admin-status', `${body.count} clients${body.truncated ? ' (truncated)' : ''}`);
    this.#renderGateways(body.clients);
    byId('clients').replaceChildren(...body.clients.map((c) => this.#clientRow(c)));
  }

  #clientRow(c) {
    const disconnect = el('button', { type: 'button', class: 'disconnect' }, 'Disconnect');
    const message = el('input', { class: 'send-text', placeholder: 'message', maxLength: 4096 });
    const send = el('button', { type: 'button', class: 'send' }, 'Send');
    disconnect.addEventListener('click', async () => {
      if (await this.#admin('POST', `/clients/${encodeURIComponent(c.client_id)}/disconnect`,
        { code: 4000, reason: 'disconnected from the console' })) {
        text('admin-status', `${c.client_id} disconnected`);
        setTimeout(() => this.loadClients(), 500);
      }
    });
    send.addEventListener('click', async () => {
      if (message.value && await this.#admin('POST', `/clients/${encodeURIComponent(c.client_id)}/send`,
        { message: message.value, from: 'console' })) {
        text('admin-status', `sent to ${c.client_id}`);
        message.value = '';
      }
    });
    return el('tr', { 'data-client': c.client_id }, el('td', {}, c.client_id), el('td', {}, c.gateway),
      el('td', {}, c.remote ?? ''), el('td', {}, (c.rooms ?? []).join(', ')),
      el('td', {}, disconnect, message, send));
  }

  /** Calls the admin API; on a refusal shows why, clears the list and returns null. */
  async #admin(method, path, body, token = byId('admin-token').value) {
    const response = await fetch(`${gatewayPrefix()}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.ok) return response;
    const error = await response.json().catch(() => ({}));
    text('admin-status', `refused: HTTP ${response.status} ${error.error ?? ''} ${error.message ?? ''}`);
    this.#adminClients = null;
    byId('clients').replaceChildren();
    return null;
  }

  #renderGateways(clients) {
    const counts = new Map();
    for (const c of clients) counts.set(c.gateway, (counts.get(c.gateway) ?? 0) + 1);
    byId('gateways').replaceChildren(...[...counts].sort().map(([gateway, n]) =>
      el('tr', { 'data-gateway': gateway }, el('td', {}, gateway), el('td', {}, n))));
  }
}

function format(rate) {
  return rate == null ? '-' : rate.toFixed(1);
}
