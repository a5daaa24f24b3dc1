// beacon.js against small WebSocket servers in this process: what a real gateway cannot be made to do on demand
// (stay silent, replay a duplicate) and the parts that need no server at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, WebSocketServer } from 'ws';
import { BeaconClient, ConnectionState, ReconnectPolicy, SendQueueFullError, parsePosition, rawField } from '../src/beacon.js';
import { until } from './support.js';

function server(onConnection) {
  return new Promise((resolve) => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' }, () => resolve(wss));
    wss.on('connection', onConnection);
  });
}

const url = (wss) => `ws://127.0.0.1:${wss.address().port}/chat`;
const fast = new ReconnectPolicy({ initialDelay: 20, maxDelay: 50 });
const welcome = (id) => JSON.stringify({ type: 'welcome', client_id: id, gateway: 'fake', server_time: Date.now() });

test('the reconnect policy: full jitter under a doubling ceiling, and which close codes reconnect', () => {
  const policy = new ReconnectPolicy({ initialDelay: 100, maxDelay: 1000, maxAttempts: 3 });
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => policy.ceiling(n)), [100, 200, 400, 800, 1000]);
  assert.equal(policy.delayBefore(3, () => 0), 0);
  assert.equal(policy.delayBefore(3, () => 0.9999), 400);
  assert.equal(policy.allowsAttempt(3), true);
  assert.equal(policy.allowsAttempt(4), false);
  assert.equal(ReconnectPolicy.never().allowsAttempt(1), false);
  for (const code of [1001, 1005, 1006, 1011, 1012, 1013, 1014, 4000, 4001, 4008, 4010, 4029, 4499]) {
    assert.equal(ReconnectPolicy.isTransient(code), true, `${code} reconnects`);
  }
  for (const code of [1000, 1002, 1003, 1007, 1008, 1009, 1010, 3000, 3999, 4500, 4999]) {
    assert.equal(ReconnectPolicy.isTransient(code), false, `${code} is terminal`);
  }
  assert.deepEqual([429, 502, 503, 504, 401, 403, 404].map(ReconnectPolicy.isTransientHttpStatus),
    [true, true, true, true, false, false, false]);
  assert.throws(() => new ReconnectPolicy({ initialDelay: 0 }), RangeError);
});

test('positions are read by length: the epoch may hold dashes', () => {
  assert.deepEqual(parsePosition('q2-Kd_Lw-3-1042'), { epoch: 'q2-Kd_Lw', partition: 3, offset: 1042 });
  assert.equal(parsePosition('nonsense'), null);
  assert.equal(parsePosition(null), null);
});

test('while disconnected, sends wait in a bounded queue and are written once open', async () => {
  const received = [];
  let accept = false;
  const wss = await server((ws) => {
    if (!accept) {
      ws.close(1013, 'try again later');
      return;
    }
    ws.on('message', (data) => received.push(String(data)));
    ws.send(welcome('c-1'));
  });
  const ana = new BeaconClient(url(wss), { WebSocket, reconnect: fast, sendQueueLimit: 2, pingInterval: 0 });
  try {
    ana.connect();
    const first = ana.send('one');
    const second = ana.send('two');
    await assert.rejects(ana.send('three'), SendQueueFullError);
    assert.equal(ana.sendQueueFull, true);
    accept = true;
    await Promise.all([first, second]);
    await until('the server to read both', () => received.length === 2);
    assert.deepEqual(received, ['one', 'two']);
  } finally {
    ana.close();
    wss.close();
  }
});

test('the token goes in the query, as browsers cannot set headers', async () => {
  const urls = [];
  const wss = await server((ws, request) => {
    urls.push(request.url);
    ws.send(welcome('c-1'));
  });
  const ana = new BeaconClient(`${url(wss)}?x=1`, { WebSocket, token: 'a.b+c', pingInterval: 0 });
  try {
    await ana.connect();
    assert.deepEqual(urls, ['/chat?x=1&token=a.b%2Bc']);
  } finally {
    ana.close();
    wss.close();
  }
});

test('keep-alive: a server silent after a ping is closed with 4001 and the client reconnects', async () => {
  let connections = 0;
  const wss = await server((ws) => {
    connections++;
    ws.send(welcome(`c-${connections}`));
  });
  const closes = [];
  const ana = new BeaconClient(url(wss), { WebSocket, reconnect: fast, pingInterval: 100, pongTimeout: 150 });
  ana.on('closed', (e) => closes.push(e));
  try {
    await ana.connect();
    await until('the 4001 and a second connection', () => closes.length >= 1 && connections >= 2);
    assert.equal(closes[0].code, 4001);
    assert.equal(closes[0].byClient, true);
    assert.equal(closes[0].willReconnect, true);
  } finally {
    ana.close();
    wss.close();
  }
});

test('after a reconnect the room is resubscribed with since and a replayed duplicate is dropped', async () => {
  const subscribes = [];
  let connections = 0;
  const wss = await server((ws) => {
    const n = ++connections;
    ws.send(welcome(`c-${n}`));
    ws.on('message', (data) => {
      const request = JSON.parse(String(data));
      if (request.type !== 'subscribe') return;
      subscribes.push(request);
      if (n === 1) {
        ws.send(JSON.stringify({ type: 'subscribed', id: request.id, room: 'news', pos: null, missed: 0 }));
        ws.send(JSON.stringify({ type: 'chat', room: 'news', content: 'first', pos: 'abcdefgh-1-10' }));
        setTimeout(() => ws.close(1001, 'restart'), 20);
      } else {
        ws.send(JSON.stringify({ type: 'chat', room: 'news', content: 'first', pos: 'abcdefgh-1-10' }));
        ws.send(JSON.stringify({ type: 'chat', room: 'news', content: 'second', pos: 'abcdefgh-1-11' }));
        ws.send(JSON.stringify({ type: 'subscribed', id: request.id, room: 'news', recovered: true, missed: 1 }));
      }
    });
  });
  const contents = [];
  const states = [];
  const ana = new BeaconClient(url(wss), { WebSocket, reconnect: fast, pingInterval: 0 });
  ana.on('message', (m) => contents.push(m.content));
  ana.on('state', (e) => states.push(e.state));
  try {
    await ana.connect();
    await ana.join('news');
    await until('the recovery', () => contents.length === 2);
    assert.deepEqual(contents, ['first', 'second']);
    assert.deepEqual(subscribes.map((s) => s.since), [undefined, 'abcdefgh-1-10']);
    assert.deepEqual(states, [ConnectionState.CONNECTING, ConnectionState.OPEN, ConnectionState.CONNECTING,
      ConnectionState.OPEN]);
    assert.equal(ana.lastPosition('news'), 'abcdefgh-1-11');
  } finally {
    ana.close();
    wss.close();
  }
});

test('a refused upgrade: 503 is retried, 401 is terminal (Node sees the status; browsers report 1006)', async () => {
  const statuses = [503, 401];
  let attempts = 0;
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (info, done) => done(false, statuses[Math.min(attempts++, statuses.length - 1)]),
  });
  await new Promise((resolve) => wss.on('listening', resolve));
  const closes = [];
  const ana = new BeaconClient(url(wss), { WebSocket, reconnect: fast, pingInterval: 0 });
  ana.on('closed', (e) => closes.push(e));
  try {
    await assert.rejects(ana.connect());
    assert.equal(attempts, 2);
    assert.deepEqual(closes.map((e) => e.willReconnect), [true, false]);
    assert.match(closes[1].reason, /HTTP 401/);
    assert.equal(ana.state, ConnectionState.CLOSED);
  } finally {
    wss.close();
  }
});

test('a refresh answered with left: those rooms are no longer followed, so a reconnect does not resubscribe them', async () => {
  const wss = await server((ws) => {
    ws.send(welcome('c-1'));
    ws.on('message', (data) => {
      const request = JSON.parse(String(data));
      if (request.type === 'subscribe') {
        ws.send(JSON.stringify({ type: 'subscribed', id: request.id, room: request.room, pos: null, missed: 0 }));
      } else if (request.type === 'refresh') {
        ws.send(JSON.stringify({ type: 'refreshed', id: request.id, exp: 1763769600, left: ['ops'] }));
      }
    });
  });
  const ana = new BeaconClient(url(wss), { WebSocket, reconnect: fast, pingInterval: 0 });
  try {
    await ana.connect();
    await ana.join('ops');
    await ana.join('news');
    const reply = await ana.refresh('new.jwt.token');
    assert.deepEqual(reply.left, ['ops']);
    assert.ok(!ana.rooms.includes('ops'));
    assert.ok(ana.rooms.includes('news'));
  } finally {
    ana.close();
    wss.close();
  }
});

test('rawField finds a payload as written, for every JSON type', () => {
  const values = ['{"a": 1, "b" :[true ,null], "c":{"d":"}]"}}', '[ 1, "two", 3.0 ]', '"esc\\"aped \\\\ }"',
    '123456789012345678901234567890', '1.10', '-0.0', '1E+400', 'true', 'false', 'null', '{}', '[]', '""'];
  for (const v of values) {
    assert.equal(rawField(`{"type":"chat","data":${v}}`, 'data'), v);
    assert.equal(rawField(`{"data" :  ${v}  , "room":"x"}`, 'data'), v);
    assert.equal(rawField(`{ "x": {"data": 1}, "data":${v},"n":1}`, 'data'), v);
  }
  assert.equal(rawField('{"content":"hi"}', 'data'), undefined);
});

test('publish sends data as JSON, publishRaw its exact text; publications carry the raw text', async () => {
  const frames = [];
  const wss = await server((ws) => {
    ws.send(JSON.stringify({ type: 'welcome', client_id: 'c-1', gateway: 'g' }));
    ws.on('message', (data) => {
      frames.push(String(data));
      const pos = `q2vKd7Lw-0-${frames.length}`;
      ws.send('{"type":"chat","sender":"a","data":{"n": 12345678901234567890, "d": 1.10},"room":"lobby",'
        + `"client_id":"c-1","timestamp":1,"pos":"${pos}"}`);
    });
  });
  const beacon = new BeaconClient(`ws://127.0.0.1:${wss.address().port}/chat`, { WebSocket });
  const publications = [];
  beacon.on('publication', (p) => publications.push(p));
  try {
    await beacon.connect();
    await beacon.publish('feed:x', { a: [1, 'two'] });
    await beacon.publishRaw('feed:x', '{"n": 1.10}');
    assert.throws(() => beacon.publishRaw('feed:x', '{oops'), SyntaxError);
    await until('two frames and two publications', () => frames.length === 2 && publications.length === 2);
    assert.deepEqual(JSON.parse(frames[0]), { type: 'publish', channel: 'feed:x', data: { a: [1, 'two'] } });
    assert.equal(frames[1], '{"type":"publish","channel":"feed:x","data":{"n": 1.10}}');
    assert.equal(publications[0].rawData, '{"n": 12345678901234567890, "d": 1.10}');
    assert.equal(publications[0].channel, 'lobby');
    assert.equal(publications[0].type, 'chat');
    assert.equal(publications[0].data.d, 1.1);
  } finally {
    beacon.close();
    wss.close();
  }
});

test('history, presence and presenceStats send their requests; join and leave are events of their own', async () => {
  const requests = [];
  let socket;
  const wss = await server((ws) => {
    socket = ws;
    ws.send(welcome('c-1'));
    ws.on('message', (data) => {
      const request = JSON.parse(String(data));
      requests.push(request);
      const answers = {
        history: { type: 'history', id: request.id, room: request.room, reverse: true,
          messages: [{ type: 'chat', room: request.room, content: 'm2', pos: 'q2vKd7Lw-0-2' }], top: 'q2vKd7Lw-0-2', next: null },
        presence: { type: 'presence', id: request.id, room: request.room,
          clients: [{ client_id: 'c-1', gateway: 'fake', connected_at: 1 }] },
        presence_stats: { type: 'presence_stats', id: request.id, room: request.room, num_clients: 1, num_users: 1 },
      };
      ws.send(JSON.stringify(answers[request.type]
        ?? { type: 'error', id: request.id, code: 'bad_request', message: 'unexpected' }));
    });
  });
  const beacon = new BeaconClient(url(wss), { WebSocket, pingInterval: 0 });
  const joins = [];
  const leaves = [];
  beacon.on('join', (e) => joins.push(e));
  beacon.on('leave', (e) => leaves.push(e));
  try {
    await beacon.connect();
    const page = await beacon.history('live:a', { limit: 2, since: 'q2vKd7Lw-0-9', reverse: true });
    assert.deepEqual(page.messages.map((m) => m.content), ['m2']);
    assert.equal(page.next, null);
    await beacon.history('live:a');
    await assert.rejects(beacon.history('live:a', { limit: 1001 }), RangeError);
    assert.deepEqual((await beacon.presence('live:a')).clients.map((c) => c.client_id), ['c-1']);
    assert.equal((await beacon.presenceStats('live:a')).num_clients, 1);
    const sent = requests.map(({ id, ...rest }) => rest);
    assert.deepEqual(sent, [
      { type: 'history', room: 'live:a', limit: 2, since: 'q2vKd7Lw-0-9', reverse: true },
      { type: 'history', room: 'live:a' },
      { type: 'presence', room: 'live:a' },
      { type: 'presence_stats', room: 'live:a' },
    ]);
    const event = { room: 'live:a', client_id: 'c-2', gateway: 'g2', connected_at: 5 };
    socket.send(JSON.stringify({ type: 'join', ...event }));
    socket.send(JSON.stringify({ type: 'leave', ...event }));
    await until('one join and one leave', () => joins.length === 1 && leaves.length === 1);
    assert.deepEqual(joins[0], { type: 'join', ...event });
    assert.equal(leaves[0].client_id, 'c-2');
  } finally {
    beacon.close();
    wss.close();
  }
});
