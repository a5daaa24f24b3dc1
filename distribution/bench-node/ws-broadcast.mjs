// Plain broadcast server on the npm `ws` package, for comparison with Beacon in `beacon bench fanout`.
// Speaks the subset of Beacon's /chat protocol the benchmark uses:
//   on connect                         -> {"type":"welcome","client_id":...}
//   {"type":"subscribe","room":r}      -> {"type":"subscribed","room":r,"recovered":true}
//   {"type":"chat","room":r,...}       -> the message (content or data) with "timestamp" (epoch ms) added, stringified once and
//                                         the same string sent to every client subscribed to r
//   {"type":"broadcast","message":m}  -> {"type":"broadcast",...} to every client, broadcast_ack to the author
//                                         (beacon bench connections)
// No Kafka, no persistence, no positions: a single process, single thread, in-memory rooms.
// Usage: PORT=9300 node ws-broadcast.mjs   (then: beacon bench fanout --url ws://127.0.0.1:9300/chat)
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 9300);
const wss = new WebSocketServer({ port, path: '/chat', perMessageDeflate: false });
const rooms = new Map(); // room -> Set<WebSocket>
let nextId = 1;

function send(ws, obj) {
  ws.send(JSON.stringify(obj));
}

wss.on('connection', (ws) => {
  const clientId = `c-${nextId++}`;
  const joined = new Set();
  send(ws, { type: 'welcome', client_id: clientId, gateway: 'node-ws', server_time: Date.now() });

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
        }
        members.add(ws);
        joined.add(msg.room);
        send(ws, { type: 'subscribed', id: msg.id, room: msg.room, recovered: true });
        return;
      }
      case 'chat': {
        const room = typeof msg.room === 'string' && msg.room.length > 0 ? msg.room : 'lobby';
        const out = JSON.stringify({
          type: 'chat', sender: msg.sender ?? 'anonymous', content: msg.content, data: msg.data, room,
          client_id: clientId, timestamp: Date.now(),
        });
        const members = rooms.get(room);
        if (members) {
          for (const member of members) {
            if (member.readyState === 1) member.send(out);
          }
        }
        return;
      }
      case 'broadcast': {
        const out = JSON.stringify({
          type: 'broadcast', message: msg.message, from: msg.from ?? 'anonymous', client_id: clientId,
          timestamp: Date.now(),
        });
        for (const client of wss.clients) {
          if (client.readyState === 1) client.send(out);
        }
        send(ws, { type: 'broadcast_ack', id: msg.id, timestamp: Date.now() });
        return;
      }
      default:
        send(ws, { type: 'error', id: msg.id, code: 'unknown_type', message: `unsupported type ${msg.type}` });
    }
  });

  ws.on('close', () => {
    for (const room of joined) {
      const members = rooms.get(room);
      if (members) {
        members.delete(ws);
        if (members.size === 0) rooms.delete(room);
      }
    }
  });
  ws.on('error', () => {});
});

wss.on('listening', () => console.log(`ws-broadcast listening on ws://127.0.0.1:${port}/chat (pid ${process.pid})`));
