// TypeScript declarations of beacon.js (docs/client.md).

export declare const ConnectionState: Readonly<{
  CONNECTING: 'CONNECTING';
  OPEN: 'OPEN';
  CLOSING: 'CLOSING';
  CLOSED: 'CLOSED';
}>;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

export declare const LOBBY: 'lobby';
/** Most messages one history page holds. */
export declare const MAX_HISTORY_LIMIT: 1000;
export declare const NO_PONG: 4001;
export declare const ABNORMAL_CLOSURE: 1006;

export declare class BeaconError extends Error {
  constructor(code: string, message: string);
  /** Beacon's error code, e.g. `bad_room`, `forbidden` (docs/protocol.md). */
  readonly code: string;
}

export declare class SendQueueFullError extends Error {
  constructor(limit: number);
}

export interface ReconnectPolicyOptions {
  /** Reconnect at all (default true). */
  enabled?: boolean;
  /** Cap of the first delay in ms, doubled per attempt (default 250). */
  initialDelay?: number;
  /** Cap of every delay in ms (default 10000). */
  maxDelay?: number;
  /** Attempts in a row before giving up; 0 = never give up (default 0). */
  maxAttempts?: number;
}

export declare class ReconnectPolicy {
  constructor(options?: ReconnectPolicyOptions);
  readonly enabled: boolean;
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly maxAttempts: number;
  static never(): ReconnectPolicy;
  allowsAttempt(attempt: number): boolean;
  ceiling(attempt: number): number;
  delayBefore(attempt: number, random?: () => number): number;
  /** 1001, 1005, 1006, 1011-1014 and 4000-4499: true; 1000, other 1xxx, 3000-3999, 4500-4999: false. */
  static isTransient(code: number): boolean;
  /** 429, 502, 503, 504. */
  static isTransientHttpStatus(status: number): boolean;
}

export interface StreamPosition {
  epoch: string;
  partition: number;
  offset: number;
}

export declare function parsePosition(pos: string | null | undefined): StreamPosition | null;

/** A WebSocket constructor with the browser's API: the native one, or `WebSocket` from the npm `ws` package. */
export type WebSocketConstructor = new (url: string) => {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

export interface BeaconClientOptions {
  /** A JWT sent as `?token=` (browsers cannot set headers on a WebSocket); a function is asked at each connect. */
  token?: string | (() => string) | null;
  /** The `sender` / `from` of chat, direct and broadcast; null means `anonymous`. */
  sender?: string | null;
  /** ms between keep-alive pings while open; 0 = off (default 20000). */
  pingInterval?: number;
  /** ms without any frame after a keep-alive ping before the socket is closed with 4001 and reconnected (default 10000). */
  pongTimeout?: number;
  /** ms an attempt may take to open (default 10000). */
  connectTimeout?: number;
  /** ms a request waits for its reply (default 10000). */
  requestTimeout?: number;
  /** messages held while not connected; beyond it send() rejects with SendQueueFullError (default 1024). */
  sendQueueLimit?: number;
  reconnect?: ReconnectPolicy | ReconnectPolicyOptions;
  /** The WebSocket to use; default `globalThis.WebSocket`. In Node: `import { WebSocket } from 'ws'`. */
  WebSocket?: WebSocketConstructor;
  /** Random numbers in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
}

/** Any server message: chat, broadcast, direct, gps, subscribed, presence, stats, pong, error ... */
export interface ServerMessage {
  type: string;
  id?: string | number;
  room?: string;
  pos?: string;
  /** chat, broadcast, direct: the author's connection id, stamped by its gateway. */
  client_id?: string;
  /** chat, broadcast, direct: the author's JWT sub, stamped by its gateway; absent for an author without a token. */
  verified_sub?: string;
  /** refreshed: the rooms left because the new token no longer allows them. */
  left?: string[];
  [field: string]: unknown;
}

/** Any JSON value: what a payload's `data` may be. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A delivered chat (what `publish` delivers), broadcast or direct that carries a JSON payload. */
export interface Publication<T extends JsonValue = JsonValue> {
  type: 'chat' | 'broadcast' | 'direct';
  /** The channel (room) of a chat; null for broadcast and direct. */
  channel: string | null;
  /** The payload's JSON text exactly as its author sent it (big numbers and decimals intact). */
  rawData: string;
  /** The payload as JSON.parse reads it. */
  data: T;
  message: ServerMessage;
}

/** Options of `history`. */
export interface HistoryOptions {
  /** 1-1000 messages (default 1000). */
  limit?: number;
  /** A `pos`: only messages after it (oldest first) or before it (`reverse`). Pass a page's `next` to page on. */
  since?: string | null;
  /** Newest first (default false: oldest first). */
  reverse?: boolean;
}

/** A page of a channel's history, the `history` reply. */
export interface HistoryPage extends ServerMessage {
  type: 'history';
  room: string;
  reverse: boolean;
  /** The messages as delivered live, each with its `pos`, in the order asked. */
  messages: ServerMessage[];
  /** The newest position history holds; null when it holds none. */
  top: string | null;
  /** The `since` of the following page; null once this page reached the end. */
  next: string | null;
}

/** One client subscribed to a channel. */
export interface PresenceClient {
  client_id: string;
  gateway: string;
  /** Epoch milliseconds. */
  connected_at: number;
}

/** Who is subscribed to a channel, cluster-wide: the `presence` reply. */
export interface PresenceReply extends ServerMessage {
  type: 'presence';
  room: string;
  clients: PresenceClient[];
}

/** How many are subscribed to a channel, cluster-wide: the `presence_stats` reply. */
export interface PresenceStats extends ServerMessage {
  type: 'presence_stats';
  room: string;
  num_clients: number;
  num_users: number;
}

/** A client joined or left a channel whose namespace has join/leave on; once per client across the cluster. */
export interface JoinLeaveEvent extends ServerMessage {
  type: 'join' | 'leave';
  room: string;
  client_id: string;
  gateway: string;
  connected_at: number;
}

/** The exact text of a top-level field of a JSON object's text, or undefined. */
export declare function rawField(text: string, name: string): string | undefined;

export interface ClosedEvent {
  code: number;
  reason: string;
  byClient: boolean;
  willReconnect: boolean;
}

export interface StateEvent {
  state: ConnectionState;
  previous: ConnectionState;
}

export interface BeaconEvents {
  state: StateEvent;
  welcome: ServerMessage;
  message: ServerMessage;
  closed: ClosedEvent;
  /** Each `subscribed` reply of the automatic resubscription after a reconnect (`recovered`, `missed`). */
  resubscribed: ServerMessage;
  recoveryLost: ServerMessage;
  /** Each delivered message with `data`, after its `message` event. */
  publication: Publication;
  /** A client subscribed to a channel with join/leave on (the client's own join included). */
  join: JoinLeaveEvent;
  /** A client left such a channel: unsubscribed, disconnected, replaced, or its gateway stopped. */
  leave: JoinLeaveEvent;
}

export declare class BeaconClient {
  constructor(url: string | URL, options?: BeaconClientOptions);
  /** The client id of the current connection (a new one after each reconnect). */
  clientId: string | null;
  /** The gateway of the current connection, from its welcome. */
  gateway: string | null;
  /** How many welcomes arrived: 1 after the first connect, one more per reconnect. */
  connections: number;
  readonly state: ConnectionState;
  readonly rooms: string[];
  readonly sendQueueFull: boolean;
  lastPosition(room: string): string | null;
  on<K extends keyof BeaconEvents>(type: K, listener: (event: BeaconEvents[K]) => void): () => void;
  /** Resolves with the client id of the first welcome. */
  connect(): Promise<string>;
  send(text: string): Promise<void>;
  request(message: { type: string; [field: string]: unknown }): Promise<ServerMessage>;
  ping(): Promise<ServerMessage>;
  stats(): Promise<ServerMessage>;
  /** Rejects with BeaconError `presence_not_allowed` where the channel's namespace has presence off. */
  presence(channel: string): Promise<PresenceReply>;
  presenceStats(channel: string): Promise<PresenceStats>;
  /** Rejects with BeaconError `history_off` or `position_lost` (ask again without `since`); RangeError for a bad limit. */
  history(channel: string, options?: HistoryOptions): Promise<HistoryPage>;
  broadcast(message: string): Promise<ServerMessage>;
  chat(room: string | null, content: string): Promise<void>;
  /** Publishes any JSON value to a channel (`ns:rest` follows namespace `ns`); resolves once written. */
  publish(channel: string, data: JsonValue): Promise<void>;
  /** Publishes JSON text as it is; subscribers receive these very bytes. Throws SyntaxError when not JSON. */
  publishRaw(channel: string, json: string): Promise<void>;
  direct(to: string, content: string): Promise<void>;
  refresh(token: string): Promise<ServerMessage>;
  join(room: string): Promise<ServerMessage>;
  leave(room: string): Promise<ServerMessage>;
  close(code?: number, reason?: string): void;
}
