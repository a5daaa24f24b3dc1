// beacon.js: the browser and Node client of Beacon's real-time messaging (/chat), see docs/client.md.
// An ES module with no dependency: browsers use their WebSocket, Node passes one in (the npm `ws` package).
// The same features as the Java client (dev.beacon.client, clients/java): request ids with promises for replies,
// rooms followed with their last position and resubscribed with `since` after every reconnect, jittered
// exponential back-off that honours close codes, keep-alive, a bounded send queue, state events, tokens.

/** The states of a connection, as the Java client's ConnectionState. */
export const ConnectionState = Object.freeze({
  CONNECTING: 'CONNECTING',
  OPEN: 'OPEN',
  CLOSING: 'CLOSING',
  CLOSED: 'CLOSED',
});

/** The room every /chat client is in from its welcome on. */
export const LOBBY = 'lobby';

/** Most messages one history page holds. */
export const MAX_HISTORY_LIMIT = 1000;

/** Closed locally: no reply nor any frame within pongTimeout of a keep-alive ping (CloseCodes.NO_PONG). */
export const NO_PONG = 4001;
/** Reported when a connection dropped or an attempt failed without a close frame. */
export const ABNORMAL_CLOSURE = 1006;

/** An `error` reply from the server: `code` is Beacon's error code (docs/protocol.md). */
export class BeaconError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = 'BeaconError';
    this.code = code;
  }
}

/** send() while the queue of messages waiting for a connection holds sendQueueLimit of them. */
export class SendQueueFullError extends Error {
  constructor(limit) {
    super(`the send queue holds ${limit} messages waiting for a connection; wait for the 'state' event OPEN`);
    this.name = 'SendQueueFullError';
  }
}

/**
 * When to reconnect: the delay before attempt n (1-based) is uniform in [0, min(maxDelay, initialDelay * 2^(n-1))]
 * ("full jitter"), and only after a close that means "transient". Delays in milliseconds.
 */
export class ReconnectPolicy {
  constructor({ enabled = true, initialDelay = 250, maxDelay = 10_000, maxAttempts = 0 } = {}) {
    if (!(initialDelay > 0)) throw new RangeError(`reconnect initialDelay must be positive, got ${initialDelay}`);
    if (!(maxDelay >= initialDelay)) throw new RangeError(`reconnect maxDelay ${maxDelay} is below initialDelay ${initialDelay}`);
    if (!(maxAttempts >= 0)) throw new RangeError(`reconnect maxAttempts must be 0 (unlimited) or more, got ${maxAttempts}`);
    Object.assign(this, { enabled, initialDelay, maxDelay, maxAttempts });
    Object.freeze(this);
  }

  static never() {
    return new ReconnectPolicy({ enabled: false });
  }

  /** Whether attempt n (counted since the last successful open) may be made. */
  allowsAttempt(n) {
    return this.enabled && (this.maxAttempts === 0 || n <= this.maxAttempts);
  }

  /** The upper bound of the delay before attempt n. */
  ceiling(n) {
    return Math.min(this.maxDelay, this.initialDelay * 2 ** Math.min(Math.max(n - 1, 0), 30));
  }

  /** The delay before attempt n; random() yields values in [0, 1). */
  delayBefore(n, random = Math.random) {
    return Math.floor(random() * (this.ceiling(n) + 1));
  }

  /** 1001, 1005, 1006, 1011-1014 and Beacon's 4000-4499 reconnect; 1000, other 1xxx, 3000-3999 and 4500+ do not. */
  static isTransient(code) {
    return [1001, 1005, 1006, 1011, 1012, 1013, 1014].includes(code) || (code >= 4000 && code <= 4499);
  }

  /** A refused upgrade worth retrying: 429, 502, 503, 504 (only Node sees the status; browsers report 1006). */
  static isTransientHttpStatus(status) {
    return [429, 502, 503, 504].includes(status);
  }
}

/** A stream position `<epoch>-<partition>-<offset>` (the epoch is 8 characters and may hold '-'), or null. */
export function parsePosition(pos) {
  if (typeof pos !== 'string' || pos.length < 12 || pos[8] !== '-') return null;
  const match = /^(\d{1,10})-(\d{1,19})$/.exec(pos.slice(9));
  return match ? { epoch: pos.slice(0, 8), partition: Number(match[1]), offset: Number(match[2]) } : null;
}

/** The rooms followed, their last position, and the deliveries held while a room is being recovered. */
class RoomPositions {
  #last = new Map();
  #held = new Map();

  follow(room) {
    if (!this.#last.has(room)) this.#last.set(room, null);
  }

  unfollow(room) {
    this.#last.delete(room);
  }

  rooms() {
    return [...this.#last.keys()];
  }

  since(room) {
    return this.#last.get(room) ?? null;
  }

  /** Records a delivery's position; false when the room already had it or a later one (a duplicate). */
  advance(room, pos) {
    if (room == null || pos == null || !this.#last.has(room)) return true;
    const next = parsePosition(pos);
    if (next == null) return true;
    const last = parsePosition(this.#last.get(room));
    if (last && last.epoch === next.epoch && last.partition === next.partition && next.offset <= last.offset) {
      return false;
    }
    this.#last.set(room, pos);
    return true;
  }

  startRecovery(room) {
    this.#held.set(room, []);
  }

  hold(message) {
    const waiting = this.#held.get(message.room);
    if (!waiting || message.pos == null) return false;
    waiting.push(message);
    return true;
  }

  /** The held deliveries of room in stream order, duplicates removed. */
  endRecovery(room) {
    const waiting = this.#held.get(room) ?? [];
    this.#held.delete(room);
    const offset = (m) => parsePosition(m.pos)?.offset ?? Number.MAX_SAFE_INTEGER;
    return waiting.sort((a, b) => offset(a) - offset(b)).filter((m) => this.advance(room, m.pos));
  }
}

const DEFAULTS = Object.freeze({
  token: null,
  sender: null,
  pingInterval: 20_000,
  pongTimeout: 10_000,
  connectTimeout: 10_000,
  requestTimeout: 10_000,
  sendQueueLimit: 1024,
  reconnect: new ReconnectPolicy(),
  random: Math.random,
});

/**
 * The exact text of top-level field `name` of the JSON object text `text` (the last one when repeated), or
 * undefined when it has none. Lets a payload's `data` reach the application as its author wrote it: JSON.parse
 * would round 12345678901234567890 and turn 1.10 into 1.1.
 */
export function rawField(text, name) {
  let i = 0;
  let found;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    ws();
    const start = i;
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        skipString();
      } else if (c === '{' || c === '[') {
        depth++;
        i++;
      } else if (c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
        i++;
      } else if (c === ',' && depth === 0) {
        break;
      } else {
        i++;
      }
    }
    return text.slice(start, i).trimEnd();
  };
  ws();
  if (text[i] !== '{') return undefined;
  i++;
  for (;;) {
    ws();
    if (text[i] !== '"') return found;
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i));
    ws();
    i++; // the colon
    const value = skipValue();
    if (key === name) found = value;
    ws();
    if (text[i] !== ',') return found;
    i++;
  }
}

/**
 * A client of Beacon's real-time messaging on one WebSocket URL (`ws://host:8080/chat`, or the load balancer's).
 * Events (subscribe with on(type, listener), which returns the unsubscribe function):
 * `state` {state, previous}, `welcome` (the welcome message), `message` (every server message that is not a
 * reply, once each and in order per room), `closed` {code, reason, byClient, willReconnect},
 * `resubscribed` (each `subscribed` reply of a resubscription after a reconnect: `recovered`, `missed`),
 * `recoveryLost` (a `subscribed` with recovered:false after a reconnect), `publication` (each delivered chat,
 * broadcast or direct that carries a JSON payload, after its `message` event: {type, channel, rawData, data,
 * message}, rawData being the payload's JSON text exactly as its author sent it), `join` and `leave` (each
 * {type, room, client_id, gateway, connected_at} event of a channel whose namespace has join/leave on, after its
 * `message` event).
 */
export class BeaconClient {
  #url;
  #options;
  #WebSocket;
  #listeners = new Map();
  #state = ConnectionState.CLOSED;
  #ws = null;
  #queue = [];
  #pending = new Map();
  #nextId = 0;
  #attempt = 0;
  #stopped = false;
  #welcomed = false;
  #rooms = new RoomPositions();
  #deferredJoins = new Map();
  #firstWelcome = null;
  #timers = { reconnect: null, connect: null, ping: null, pong: null };
  #lastFrameAt = 0;
  #rawData = new WeakMap();

  /**
   * @param url the /chat URL (ws:// or wss://)
   * @param options see beacon.d.ts; `WebSocket` is the constructor to use (default: globalThis.WebSocket)
   */
  constructor(url, options = {}) {
    this.#url = String(url);
    this.#options = { ...DEFAULTS, ...options };
    if (!(this.#options.reconnect instanceof ReconnectPolicy)) {
      this.#options.reconnect = new ReconnectPolicy(this.#options.reconnect);
    }
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this.#WebSocket !== 'function') {
      throw new TypeError('no WebSocket: in Node pass { WebSocket } from the "ws" package');
    }
    this.clientId = null;
    this.gateway = null;
    this.connections = 0;
    this.#rooms.follow(LOBBY);
  }

  get state() {
    return this.#state;
  }

  /** The rooms recovered after a reconnect (joined ones and lobby). */
  get rooms() {
    return this.#rooms.rooms();
  }

  /** The last position received in room, or null. */
  lastPosition(room) {
    return this.#rooms.since(room);
  }

  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.#listeners.get(type).delete(listener);
  }

  /** Connects; resolves with the client id of the first welcome, rejects if the client closes for good first. */
  connect() {
    if (!this.#firstWelcome) {
      let resolve;
      let reject;
      const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
      this.#firstWelcome = { promise, resolve, reject };
      this.#stopped = false;
      this.#open();
    }
    return this.#firstWelcome.promise;
  }

  /** Sends a text frame now, or queues it until the connection opens; resolves once written. */
  send(text) {
    if (this.#stopped) return Promise.reject(new Error('the client is closed'));
    if (this.#state === ConnectionState.OPEN) {
      try {
        this.#ws.send(text);
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (this.#queue.length >= this.#options.sendQueueLimit) {
      return Promise.reject(new SendQueueFullError(this.#options.sendQueueLimit));
    }
    return new Promise((resolve, reject) => this.#queue.push({ text, resolve, reject }));
  }

  /** Whether send() would fail now for a full queue. */
  get sendQueueFull() {
    return this.#state !== ConnectionState.OPEN && this.#queue.length >= this.#options.sendQueueLimit;
  }

  /** Sends any request with a fresh id; resolves with the reply echoing it, rejects on an error reply or timeout. */
  request(message) {
    const id = `r${++this.#nextId}`;
    const request = { ...message, id };
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#failRequest(id,
        new Error(`no reply to ${request.type} ${id} within ${this.#options.requestTimeout} ms`)),
      this.#options.requestTimeout);
      this.#pending.set(id, { resolve, reject, timer });
    });
    this.send(JSON.stringify(request)).catch((e) => this.#failRequest(id, e));
    return reply;
  }

  ping() {
    return this.request({ type: 'ping' });
  }

  /** The gateway's stats: connected_clients, server_uptime, total_messages. */
  stats() {
    return this.request({ type: 'custom', action: 'get_stats' });
  }

  /**
   * Who is subscribed to channel, cluster-wide: the presence reply {room, clients: [{client_id, gateway,
   * connected_at}]}. Rejects with BeaconError presence_not_allowed where the namespace has presence off.
   */
  presence(channel) {
    return this.request({ type: 'presence', room: channel });
  }

  /** How many clients and users are subscribed to channel, cluster-wide: {room, num_clients, num_users}. */
  presenceStats(channel) {
    return this.request({ type: 'presence_stats', room: channel });
  }

  /**
   * A page of channel's history: {room, reverse, messages (as delivered live, each with its pos), top, next}.
   * Options: limit 1-1000 (default 1000), since (a pos: only messages after it, or before it when reverse),
   * reverse (newest first; default false). To page on, pass the page's next as since; next is null at the end.
   * Rejects with BeaconError history_off or position_lost (ask again without since).
   */
  history(channel, { limit, since, reverse } = {}) {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_HISTORY_LIMIT)) {
      return Promise.reject(new RangeError(`limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}, got ${limit}`));
    }
    const request = { type: 'history', room: channel };
    if (limit !== undefined) request.limit = limit;
    if (since != null) request.since = since;
    if (reverse !== undefined) request.reverse = Boolean(reverse);
    return this.request(request);
  }

  /** A broadcast to every client; resolves with the broadcast_ack. */
  broadcast(message) {
    return this.request({ type: 'broadcast', message, from: this.#options.sender });
  }

  /**
   * Publishes data (any JSON-serialisable value) to channel; subscribers receive it as a chat whose data is the
   * JSON text sent. Resolves once written.
   */
  publish(channel, data) {
    return this.publishRaw(channel, JSON.stringify(data === undefined ? null : data));
  }

  /** Publishes json, JSON text, to channel as it is: subscribers receive these very bytes. Resolves once written. */
  publishRaw(channel, json) {
    JSON.parse(json); // throws a SyntaxError here rather than an error from the server
    const sender = this.#options.sender == null ? '' : `,"sender":${JSON.stringify(this.#options.sender)}`;
    return this.send(`{"type":"publish","channel":${JSON.stringify(channel)}${sender},"data":${json}}`);
  }

  /** A chat message in room (default lobby); its copy comes back as a message. Resolves once written. */
  chat(room, content) {
    return this.send(JSON.stringify({ type: 'chat', sender: this.#options.sender, room: room ?? LOBBY, content }));
  }

  /** A direct message to client `to`; resolves once written. */
  direct(to, content) {
    return this.send(JSON.stringify({ type: 'direct', to, sender: this.#options.sender, content }));
  }

  /**
   * Replaces the connection's token (and the one used to reconnect); resolves with the `refreshed` reply. Rooms the
   * new token no longer allows were left by the server (`reply.left`): they are not followed any more.
   */
  refresh(token) {
    return this.request({ type: 'refresh', token }).then((reply) => {
      this.#options.token = token;
      for (const room of reply.left ?? []) this.#rooms.unfollow(room);
      return reply;
    });
  }

  /** Follows room from its last position (if any); resolves with the `subscribed` reply. Waits for the welcome. */
  join(room) {
    this.#rooms.follow(room);
    if (this.#welcomed) return this.#subscribe(room);
    if (!this.#deferredJoins.has(room)) {
      let resolve;
      let reject;
      const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
      this.#deferredJoins.set(room, { promise, resolve, reject });
    }
    return this.#deferredJoins.get(room).promise;
  }

  /** Stops following room; it is no longer recovered on reconnect. */
  leave(room) {
    this.#rooms.unfollow(room);
    return this.request({ type: 'unsubscribe', room });
  }

  /** Closes for good with code (default 1000) and reason. */
  close(code = 1000, reason = '') {
    this.#stopped = true;
    clearTimeout(this.#timers.reconnect);
    const ws = this.#ws;
    if (ws && (this.#state === ConnectionState.OPEN || this.#state === ConnectionState.CONNECTING)) {
      this.#setState(ConnectionState.CLOSING);
      try {
        ws.close(code, reason);
      } catch {
        this.#onClosed(ws, code, reason, true);
      }
    } else {
      this.#onClosed(ws, code, reason, true);
    }
  }

  #emit(type, value) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(value);
      } catch (e) {
        setTimeout(() => { throw e; });
      }
    }
  }

  #setState(state) {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.#emit('state', { state, previous });
  }

  #open() {
    this.#setState(ConnectionState.CONNECTING);
    let ws;
    try {
      ws = new this.#WebSocket(this.#urlWithToken());
    } catch (e) {
      setTimeout(() => this.#onClosed(null, ABNORMAL_CLOSURE, String(e.message ?? e), false));
      return;
    }
    this.#ws = ws;
    let httpStatus = 0;
    this.#timers.connect = setTimeout(() => this.#abandon(ws, ABNORMAL_CLOSURE,
      `no connection within ${this.#options.connectTimeout} ms`), this.#options.connectTimeout);
    ws.onopen = () => {
      clearTimeout(this.#timers.connect);
      this.#attempt = 0;
      this.#lastFrameAt = Date.now();
      this.#setState(ConnectionState.OPEN);
      this.#flushQueue();
      this.#startKeepAlive();
    };
    ws.onmessage = (event) => {
      this.#lastFrameAt = Date.now();
      if (typeof event.data === 'string') this.#onText(event.data);
    };
    ws.onerror = (event) => {
      // Node's ws reports a refused upgrade as "Unexpected server response: 503"; browsers hide the status.
      const status = /Unexpected server response: (\d+)/.exec(String(event?.message ?? event?.error?.message ?? ''));
      if (status) httpStatus = Number(status[1]);
    };
    ws.onclose = (event) => {
      const code = httpStatus && !ReconnectPolicy.isTransientHttpStatus(httpStatus) ? 1008 : event.code;
      const reason = httpStatus ? `upgrade refused with HTTP ${httpStatus}` : event.reason;
      this.#onClosed(ws, code || ABNORMAL_CLOSURE, reason ?? '', this.#stopped);
    };
  }

  #urlWithToken() {
    const token = typeof this.#options.token === 'function' ? this.#options.token() : this.#options.token;
    if (!token) return this.#url;
    return `${this.#url}${this.#url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  }

  /** Gives up on a socket that does not answer: its close handshake could take minutes, so it is not awaited. */
  #abandon(ws, code, reason) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      if (ws.readyState === 1) ws.close(code, reason);
      else ws.close();
    } catch {
      // a socket still connecting may refuse to close: it is dropped either way
    }
    this.#onClosed(ws, code, reason, true);
  }

  #onClosed(ws, code, reason, byClient) {
    if (ws !== this.#ws && ws !== null) return;
    if (this.#state === ConnectionState.CLOSED && this.#stopped) return;
    this.#ws = null;
    this.#stopKeepAlive();
    clearTimeout(this.#timers.connect);
    const willReconnect = !this.#stopped && ReconnectPolicy.isTransient(code)
      && this.#options.reconnect.allowsAttempt(this.#attempt + 1);
    this.#welcomed = false;
    for (const id of [...this.#pending.keys()]) {
      this.#failRequest(id, new Error(`connection closed (${code} ${reason}) before the reply to ${id}`));
    }
    if (willReconnect) {
      this.#setState(ConnectionState.CONNECTING);
      this.#emit('closed', { code, reason, byClient, willReconnect });
      const delay = this.#options.reconnect.delayBefore(++this.#attempt, this.#options.random);
      this.#timers.reconnect = setTimeout(() => this.#open(), delay);
      return;
    }
    this.#stopped = true;
    const why = new Error(`closed (${code} ${reason})`);
    for (const queued of this.#queue.splice(0)) queued.reject(why);
    for (const join of this.#deferredJoins.values()) join.reject(why);
    this.#deferredJoins.clear();
    this.#firstWelcome?.reject(why);
    this.#firstWelcome = null;
    this.#setState(ConnectionState.CLOSED);
    this.#emit('closed', { code, reason, byClient, willReconnect });
  }

  #flushQueue() {
    for (const queued of this.#queue.splice(0)) {
      try {
        this.#ws.send(queued.text);
        queued.resolve();
      } catch (e) {
        queued.reject(e);
      }
    }
  }

  /** An application ping every pingInterval (browsers cannot send ping frames); silence after it ends the socket. */
  #startKeepAlive() {
    const { pingInterval, pongTimeout } = this.#options;
    if (!pingInterval) return;
    this.#timers.ping = setInterval(() => {
      const pingedAt = Date.now();
      this.request({ type: 'ping' }).catch(() => {});
      if (this.#timers.pong != null) return;
      this.#timers.pong = setTimeout(() => {
        this.#timers.pong = null;
        if (this.#lastFrameAt < pingedAt && this.#ws) {
          this.#abandon(this.#ws, NO_PONG, `no pong within ${pongTimeout} ms`);
        }
      }, pongTimeout);
    }, pingInterval);
  }

  #stopKeepAlive() {
    clearInterval(this.#timers.ping);
    clearTimeout(this.#timers.pong);
    this.#timers.pong = null;
  }

  #onText(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message !== null && typeof message === 'object' && 'data' in message) {
      this.#rawData.set(message, rawField(text, 'data'));
    }
    if (message?.type === 'welcome') {
      this.#onWelcome(message);
    } else if (!this.#completeRequest(message)) {
      this.#onDelivery(message);
    }
  }

  #completeRequest(reply) {
    const pending = reply.id == null ? null : this.#pending.get(String(reply.id));
    if (!pending) return false;
    this.#pending.delete(String(reply.id));
    clearTimeout(pending.timer);
    if (reply.type === 'error') pending.reject(new BeaconError(reply.code, reply.message));
    else pending.resolve(reply);
    return true;
  }

  #failRequest(id, error) {
    const pending = this.#pending.get(id);
    if (pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  #onDelivery(message) {
    if (!this.#rooms.hold(message) && this.#rooms.advance(message.room, message.pos)) {
      this.#deliver(message);
    }
  }

  #deliver(message) {
    this.#emit('message', message);
    if (message.type === 'join' || message.type === 'leave') {
      this.#emit(message.type, message);
    }
    const rawData = this.#rawData.get(message);
    if (rawData !== undefined && message.type !== 'error') {
      this.#emit('publication', {
        type: message.type, channel: message.room ?? null, rawData, data: message.data, message,
      });
    }
  }

  #onWelcome(welcome) {
    this.clientId = welcome.client_id;
    this.gateway = welcome.gateway;
    const reconnect = this.connections++ > 0;
    this.#welcomed = true;
    this.#emit('welcome', welcome);
    for (const room of this.#rooms.rooms()) {
      if (room === LOBBY && this.#rooms.since(room) == null) continue;
      const joined = this.#deferredJoins.get(room);
      this.#deferredJoins.delete(room);
      const reply = this.#recover(room);
      reply.then((subscribed) => {
        if (!reconnect) return;
        this.#emit('resubscribed', subscribed);
        if (subscribed.recovered === false) this.#emit('recoveryLost', subscribed);
      }, () => {});
      if (joined) reply.then(joined.resolve, joined.reject);
    }
    // a join of the lobby before the welcome: the server put the client there already
    for (const [room, join] of this.#deferredJoins) join.resolve({ type: 'subscribed', room });
    this.#deferredJoins.clear();
    this.#firstWelcome?.resolve(this.clientId);
  }

  /** Subscribes from the last position, holding the room's deliveries until the reply, then releasing them. */
  #recover(room) {
    if (this.#rooms.since(room) == null) return this.#subscribe(room);
    this.#rooms.startRecovery(room);
    const release = () => this.#rooms.endRecovery(room).forEach((m) => this.#deliver(m));
    return this.#subscribe(room).finally(release);
  }

  #subscribe(room) {
    const since = this.#rooms.since(room);
    return this.request(since == null ? { type: 'subscribe', room } : { type: 'subscribe', room, since });
  }
}
