// Rooms: join, chat, broadcast, presence, the messages as they arrive (JSON payloads pretty-printed from the text
// their author sent, collapsed when long), and what a reconnect recovered.
import { LOBBY } from './beacon.js';
import { byId, el, log, text } from './dom.js';

export class RoomsView {
  #client;
  #rooms = [LOBBY];
  #current = LOBBY;

  constructor(client) {
    this.#client = client;
    client.on('message', (m) => this.#onMessage(m));
    client.on('publication', (p) => this.#onPublication(p));
    client.on('closed', (e) => this.notice(e.willReconnect
      ? `connection closed (${e.code}${e.reason ? ` ${e.reason}` : ''}); reconnecting…`
      : `connection closed for good (${e.code}${e.reason ? ` ${e.reason}` : ''})`));
    client.on('welcome', (w) => client.connections > 1
      && this.notice(`reconnected to gateway ${w.gateway} as ${w.client_id}`));
    client.on('resubscribed', (s) => !s.room.startsWith('gps:') && this.notice(s.recovered === false
      ? `room ${s.room}: messages were lost while away (not recoverable)`
      : `room ${s.room}: recovered, ${s.missed ?? 0} missed message(s) replayed`));
    byId('join-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.join(byId('join-room').value.trim());
    });
    byId('chat-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.#send();
    });
    byId('broadcast-send').addEventListener('click', () => this.#broadcast());
    byId('presence-refresh').addEventListener('click', () => this.refreshPresence());
    byId('sender').value = localStorage.getItem('beacon.sender') ?? '';
    this.#renderRooms();
  }

  async join(room) {
    if (!room) return;
    try {
      const subscribed = await this.#client.join(room);
      if (!this.#rooms.includes(room)) this.#rooms.push(room);
      this.#current = room;
      byId('join-room').value = '';
      this.#renderRooms();
      this.notice(`joined ${room}${subscribed.missed ? `, ${subscribed.missed} earlier message(s)` : ''}`);
      this.refreshPresence();
    } catch (e) {
      this.notice(`cannot join ${room}: ${e.message}`);
    }
  }

  async refreshPresence() {
    text('presence-room', this.#current);
    try {
      const presence = await this.#client.presence(this.#current);
      byId('presence').replaceChildren(...presence.clients.map((c) =>
        el('li', {}, el('b', {}, c.client_id), ` on ${c.gateway}`)));
    } catch (e) {
      log(`presence of ${this.#current}: ${e.message}`);
    }
  }

  notice(message) {
    this.#append(el('li', { class: 'notice' }, el('span', { class: 'meta' }, new Date().toLocaleTimeString()), message));
  }

  #sender() {
    const name = byId('sender').value.trim();
    localStorage.setItem('beacon.sender', name);
    return name || null;
  }

  async #send() {
    const input = byId('chat-input');
    const content = input.value;
    if (!content.trim()) return;
    try {
      await this.#client.send(JSON.stringify({ type: 'chat', sender: this.#sender(), room: this.#current, content }));
      input.value = '';
    } catch (e) {
      this.notice(`not sent: ${e.message}`);
    }
  }

  async #broadcast() {
    const input = byId('chat-input');
    const message = input.value;
    if (!message.trim()) return;
    try {
      await this.#client.request({ type: 'broadcast', message, from: this.#sender() });
      input.value = '';
    } catch (e) {
      this.notice(`broadcast not sent: ${e.message}`);
    }
  }

  #onMessage(m) {
    if ('data' in m && m.type !== 'error') return; // shown by #onPublication, from the payload's exact text
    if (m.type === 'chat') {
      this.#append(this.#line('chat', `[${m.room}]`, m.sender, m.content, m));
    } else if (m.type === 'broadcast') {
      this.#append(this.#line('broadcast', '[broadcast]', m.from, m.message, m));
    } else if (m.type === 'direct') {
      this.#append(this.#line('direct', `[dm from ${m.client_id}]`, m.sender, m.content, m));
    } else if (m.type === 'join' || m.type === 'leave') {
      this.#onMembership(m);
    } else if (m.type === 'error') {
      this.notice(`error ${m.code}: ${m.message}`);
    }
  }

  // join and leave: rooms whose namespace has joinLeave on (docs/protocol.md, "Channels").
  #onMembership(m) {
    const time = new Date(m.connected_at ?? Date.now()).toLocaleTimeString();
    const verb = m.type === 'join' ? 'joined' : 'left';
    this.#append(el('li', { class: `membership ${m.type}` },
      el('span', { class: 'meta' }, `${new Date().toLocaleTimeString()} [${m.room}]`),
      el('span', { class: 'text' }, `${m.client_id} ${verb} (on ${m.gateway}, connected ${time})`)));
    if (m.room === this.#current) this.refreshPresence();
  }

  #onPublication(p) {
    const m = p.message;
    const text = p.type === 'broadcast' ? m.message : m.content;
    const where = p.type === 'chat' ? `[${m.room}]` : p.type === 'broadcast' ? '[broadcast]' : `[dm from ${m.client_id}]`;
    const line = this.#line(p.type, where, p.type === 'broadcast' ? m.from : m.sender, text, m);
    line.append(RoomsView.payload(p.rawData));
    this.#append(line);
  }

  /**
   * A JSON payload as readable text: indented from the author's own tokens (so big numbers and decimals show as
   * sent), collapsed behind its first line when long. Only text nodes: nothing in it is parsed as HTML.
   */
  static payload(raw) {
    const pretty = RoomsView.indent(raw);
    const pre = el('pre', { class: 'payload' }, pretty);
    if (pretty.length <= 240 && pretty.split('\n').length <= 8) return pre;
    const firstLine = raw.replace(/\s+/g, ' ').slice(0, 80);
    return el('details', { class: 'payload' }, el('summary', {}, `${firstLine}… (${raw.length} characters)`), pre);
  }

  /** JSON text re-indented by two spaces; strings, numbers and literals are copied as they are. */
  static indent(raw) {
    let out = '';
    let depth = 0;
    const newline = () => `\n${'  '.repeat(depth)}`;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c === '"') {
        const start = i;
        for (i++; i < raw.length && raw[i] !== '"'; i++) if (raw[i] === '\\') i++;
        out += raw.slice(start, i + 1);
      } else if (c === '{' || c === '[') {
        const close = c === '{' ? '}' : ']';
        const next = raw.slice(i + 1).trimStart()[0];
        if (next === close) {
          out += c + close;
          i = raw.indexOf(close, i + 1);
        } else {
          depth++;
          out += c + newline();
        }
      } else if (c === '}' || c === ']') {
        depth = Math.max(0, depth - 1);
        out += newline() + c;
      } else if (c === ',') {
        out += `,${newline()}`;
      } else if (c === ':') {
        out += ': ';
      } else if (!' \t\r\n'.includes(c)) {
        out += c;
      }
    }
    return out;
  }

  #line(kind, where, sender, content, m) {
    const time = new Date(m.timestamp ?? Date.now()).toLocaleTimeString();
    return el('li', { class: kind, 'data-pos': m.pos ?? '' },
      el('span', { class: 'meta' }, `${time} ${where}`),
      el('span', { class: 'sender' }, sender ?? 'anonymous'),
      RoomsView.#identity(m),
      el('span', { class: 'text' }, content ?? ''));
  }

  // sender/from are names the author typed; who wrote the message is what its gateway stamped (docs/protocol.md).
  static #identity(m) {
    if (m.verified_sub) {
      return el('span', { class: 'identity verified', title: 'the author\'s token subject, checked by the gateway' },
        `(verified: ${m.verified_sub})`);
    }
    return el('span', { class: 'identity unverified', title: `the author had no token; connection ${m.client_id ?? '?'}` },
      `(unverified: ${(m.client_id ?? '?').slice(0, 8)})`);
  }

  #append(item) {
    const list = byId('messages');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
    list.append(item);
    while (list.children.length > 2000) list.firstElementChild.remove();
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  #renderRooms() {
    byId('rooms').replaceChildren(...this.#rooms.map((room) => {
      const item = el('li', { class: room === this.#current ? 'current' : '', 'data-room': room }, room);
      item.addEventListener('click', () => {
        this.#current = room;
        this.#renderRooms();
        this.refreshPresence();
      });
      return item;
    }));
    byId('chat-input').placeholder = `message to ${this.#current}`;
  }
}
