// beacon.js against a real Beacon (`beacon local` with an admin token): every request, rooms, chat, broadcast,
// and a reconnect that recovers what was published while the client was away, once each and in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BeaconError, ConnectionState, ReconnectPolicy } from '../src/beacon.js';
import { NO_BEACON, admin, client, freshRoom, until, untilValue } from './support.js';

test('welcome, ping, stats and presence', { skip: NO_BEACON }, async () => {
  const ana = client({ sender: 'ana' });
  try {
    const id = await ana.connect();
    assert.equal(ana.clientId, id);
    assert.ok(ana.gateway, 'the welcome names the gateway');
    const pong = await ana.ping();
    assert.equal(pong.type, 'pong');
    assert.equal(pong.client_id, id);
    const stats = await ana.stats();
    assert.equal(stats.type, 'stats');
    assert.ok(stats.connected_clients >= 1);
    const room = freshRoom('presence');
    await ana.join(room);
    const presence = await ana.presence(room);
    assert.deepEqual(presence.clients.map((c) => c.client_id), [id]);
  } finally {
    ana.close();
  }
});

test('chat in a joined room reaches both members; broadcast is acknowledged and delivered', { skip: NO_BEACON }, async () => {
  const room = freshRoom('chat');
  const ana = client({ sender: 'ana' });
  const bob = client({ sender: 'bob' });
  const seenByBob = [];
  bob.on('message', (m) => seenByBob.push(m));
  try {
    await Promise.all([ana.connect(), bob.connect()]);
    await Promise.all([ana.join(room), bob.join(room)]);
    await ana.chat(room, 'hello bob');
    await until('bob to get the chat', () => seenByBob.some((m) => m.type === 'chat' && m.content === 'hello bob'));
    const chat = seenByBob.find((m) => m.content === 'hello bob');
    assert.equal(chat.sender, 'ana');
    assert.equal(chat.room, room);
    assert.equal(bob.lastPosition(room), chat.pos);
    const ack = await ana.broadcast('to everyone');
    assert.equal(ack.type, 'broadcast_ack');
    await until('bob to get the broadcast', () => seenByBob.some((m) => m.type === 'broadcast' && m.message === 'to everyone'));
  } finally {
    ana.close();
    bob.close();
  }
});

test('publish and publishRaw reach another member; publications carry the exact JSON text', { skip: NO_BEACON }, async () => {
  const room = freshRoom('data');
  const ana = client({ sender: 'ana' });
  const bob = client({ sender: 'bob' });
  const publications = [];
  bob.on('publication', (p) => publications.push(p));
  try {
    await Promise.all([ana.connect(), bob.connect()]);
    await bob.join(room);
    await ana.publish(room, { shape: 'line', points: [[0, 0], [1.5, 2]] });
    await ana.publishRaw(room, '{"id": 12345678901234567890, "w": 1.10}');
    await ana.publishRaw(room, 'null');
    await until('bob to get three publications', () => publications.length === 3);
    assert.equal(publications[0].rawData, '{"shape":"line","points":[[0,0],[1.5,2]]}');
    assert.deepEqual(publications[0].data, { shape: 'line', points: [[0, 0], [1.5, 2]] });
    assert.equal(publications[0].channel, room);
    assert.equal(publications[1].rawData, '{"id": 12345678901234567890, "w": 1.10}');
    assert.equal(publications[2].rawData, 'null');
    assert.equal(publications[2].data, null);
    assert.equal(publications[2].message.client_id, ana.clientId);
  } finally {
    ana.close();
    bob.close();
  }
});

test('history pages what was published, both ways; presence and presenceStats count the members', { skip: NO_BEACON }, async () => {
  const room = freshRoom('history');
  const ana = client({ sender: 'ana' });
  const bob = client({ sender: 'bob' });
  try {
    await Promise.all([ana.connect(), bob.connect()]);
    await Promise.all([ana.join(room), bob.join(room)]);
    for (const content of ['m1', 'm2', 'm3']) await ana.chat(room, content);
    await ana.publishRaw(room, '{"n": 1.10}');
    const all = await untilValue('history to hold the four messages', () => bob.history(room),
      (page) => page.messages.length === 4);
    assert.deepEqual(all.messages.map((m) => m.content ?? m.data), ['m1', 'm2', 'm3', { n: 1.1 }]);
    assert.equal(all.room, room);
    const newest = await bob.history(room, { limit: 2, reverse: true });
    assert.equal(newest.reverse, true);
    assert.equal(newest.messages[0].data.n, 1.1);
    assert.equal(newest.messages[1].content, 'm3');
    assert.equal(newest.top, newest.messages[0].pos);
    const older = await bob.history(room, { limit: 2, since: newest.next, reverse: true });
    assert.deepEqual(older.messages.map((m) => m.content), ['m2', 'm1']);
    const oldestFirst = await bob.history(room, { limit: 1 });
    assert.equal(oldestFirst.messages[0].content, 'm1');
    const presence = await untilValue('presence to list both members', () => ana.presence(room),
      (reply) => reply.clients.length === 2);
    assert.deepEqual(presence.clients.map((c) => c.client_id).sort(), [ana.clientId, bob.clientId].sort());
    const stats = await bob.presenceStats(room);
    assert.equal(stats.room, room);
    assert.equal(stats.num_clients, 2);
    assert.equal(stats.num_users, 2);
  } finally {
    ana.close();
    bob.close();
  }
});

test('an error reply rejects the request with its code', { skip: NO_BEACON }, async () => {
  const ana = client();
  try {
    await ana.connect();
    await assert.rejects(ana.join('not a room!'), (e) => e instanceof BeaconError && e.code === 'bad_room');
  } finally {
    ana.close();
  }
});

test('after a 4000 disconnect it reconnects, resubscribes with since and gets what it missed once each, in order',
  { skip: NO_BEACON }, async () => {
    const room = freshRoom('recover');
    // a reconnect delay of about 1.5 s: the messages below are published while the client is away
    const ana = client({ reconnect: new ReconnectPolicy({ initialDelay: 1500, maxDelay: 1500 }), random: () => 0.999 });
    const contents = [];
    const states = [];
    const closes = [];
    ana.on('message', (m) => m.room === room && contents.push(m.content ?? m.message));
    ana.on('state', (e) => states.push(e.state));
    ana.on('closed', (e) => closes.push(e));
    try {
      const firstId = await ana.connect();
      await ana.join(room);
      assert.equal(await admin(`/rooms/${room}/publish`, { message: 'before' }), 202);
      await until('the first message', () => contents.length === 1);
      assert.equal(await admin(`/clients/${firstId}/disconnect`, { code: 4000, reason: 'test' }), 202);
      await until('the disconnect', () => closes.length === 1);
      assert.deepEqual(closes[0], { code: 4000, reason: 'test', byClient: false, willReconnect: true });
      for (const m of ['missed 1', 'missed 2', 'missed 3']) {
        assert.equal(await admin(`/rooms/${room}/publish`, { message: m }), 202);
      }
      await until('the reconnect', () => ana.connections === 2 && ana.state === ConnectionState.OPEN);
      assert.notEqual(ana.clientId, firstId, 'a new connection has a new client id');
      await until('the missed messages', () => contents.length >= 4);
      assert.equal(await admin(`/rooms/${room}/publish`, { message: 'after' }), 202);
      await until('the live message after the recovery', () => contents.includes('after'));
      assert.deepEqual(contents, ['before', 'missed 1', 'missed 2', 'missed 3', 'after']);
      assert.deepEqual(states, ['CONNECTING', 'OPEN', 'CONNECTING', 'OPEN']);
    } finally {
      ana.close();
    }
  });

test('a 4500+ close is terminal: no reconnect, state CLOSED', { skip: NO_BEACON }, async () => {
  const ana = client();
  const closes = [];
  ana.on('closed', (e) => closes.push(e));
  const id = await ana.connect();
  assert.equal(await admin(`/clients/${id}/disconnect`, { code: 4501, reason: 'banned' }), 202);
  await until('the close', () => closes.length === 1);
  assert.equal(closes[0].code, 4501);
  assert.equal(closes[0].willReconnect, false);
  assert.equal(ana.state, ConnectionState.CLOSED);
  await assert.rejects(ana.ping());
  assert.equal(ana.connections, 1);
});
