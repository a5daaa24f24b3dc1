// The scaled peer for `beacon bench fanout`: N Node `ws` processes joined by Redis pub/sub, the architecture of
// Socket.IO's Redis adapter. Run two (or more) on different ports against one redis-server; a chat sent to any of
// them reaches the members of its room on all of them. Speaks the same /chat subset as ws-broadcast.mjs:
//   on connect                         -> {"type":"welcome","client_id":...}
//   {"type":"subscribe","room":r}      -> {"type":"subscribed","room":r,"recovered":true}; the process subscribes
//                                         to Redis channel "room:<r>" when its first member joins r
//   {"type":"chat","room":r,...}       -> the message (content or data, with "timestamp" added) published once on
//                                         "room:<r>"; every process sends what it receives there, as received, to
//                                         its own members of r
// No Kafka, no persistence, no history: what Redis pub/sub gives (at most once, nothing kept).
// Usage: redis-server --port 16379 --save '' --appendonly no &
//        PORT=9310 REDIS=redis://127.0.0.1:16379 node ws-redis.mjs & PORT=9311 ... node ws-redis.mjs &
//        beacon bench fanout --url ws://127.0.0.1:9310/chat,ws://127.0.0.1:9311/chat --label 'Node ws + Redis'
import { WebSocketServer } from 'ws';
import Redis from 'ioredis';

const port = Number(process.env.PORT ?? 9310);
const redisUrl = process.env.REDIS ?? 'redis://127.0.0.1:16379';
const pub = new Redis(redisUrl);
const sub = new Redis(redisUrl);
const rooms = new Map(); // room -> Set<WebSocket> of this process
let nextId = 1;

function send(ws, obj) {
  ws.send(JSON.stringify(obj));
}

sub.on('messageBuffer', (channel, payload) => {
  const members = rooms.get(channel.toString().slice('room:'.length));
  if (!members) return;
  const text = payload.toString(); // decoded once per process, the same string to every member
  for (const ws of members) {
    if (ws.readyState === 1) ws.send(text);
  }
});

const wss = new WebSocketServer({ port, path: '/chat', perMessageDeflate: false });

wss.on('connection', (ws) => {
  const clientId = `p${port}-${nextId++}`;
  const joined = new Set();
  send(ws, { type: 'welcome', client_id: clientId, gateway: `node-redis-${port}`, server_time: Date.now() });

  ws.on('message', (data, isBinary) => {
    let msg;
    try {
      msg = JSON.parse(isBinary ? data.toString() : data);
    } catch {
      send(ws, { type: 'error', code: 'invalid_json', message: 'not JSON' });
      return;
    }
    if (msg === null || typeof msg !== 'object') {
      send(ws, { type: 'error', code: 'invalid_json', message: 'not a JSON object' });
      return;
    }
    switch (msg.type) {
      case 'subscribe': {
        if (typeof msg.room !== 'string' || msg.room.length === 0) {
          send(ws, { type: 'error', id: msg.id, code: 'bad_room', message: "field 'room' is required" });
          return;
        }
        let members = rooms.get(msg.room);
        if (!members) {
          members = new Set();
          rooms.set(msg.room, members);
          sub.subscribe('room:' + msg.room);
        }
        members.add(ws);
        joined.add(msg.room);
        send(ws, { type: 'subscribed', id: msg.id, room: msg.room, recovered: true });
        return;
      }
      case 'chat': {
        const room = typeof msg.room === 'string' && msg.room.length > 0 ? msg.room : 'lobby';
        pub.publish('room:' + room, JSON.stringify({
          type: 'chat', sender: msg.sender ?? 'anonymous', content: msg.content, data: msg.data, room,
          client_id: clientId, timestamp: Date.now(),
        }));
        return;
      }
      default:
        send(ws, { type: 'error', id: msg.id, code: 'unknown_type', message: `unsupported type ${msg.type}` });
    }
  });

  ws.on('close', () => {
    for (const room of joined) rooms.get(room)?.delete(ws);
  });
  ws.on('error', () => {});
});

wss.on('listening', () =>
  console.log(`ws-redis listening on ws://127.0.0.1:${port}/chat, Redis ${redisUrl} (pid ${process.pid})`));
