// Helpers of the Node tests: where the real Beacon is, an admin API call, and waiting with a deadline.
import { WebSocket } from 'ws';
import { BeaconClient, ReconnectPolicy } from '../src/beacon.js';

/** The gateway under test, e.g. ws://127.0.0.1:18080 (a `beacon local` started with BEACON_ADMIN_TOKEN). */
export const BEACON_URL = process.env.BEACON_URL;
export const ADMIN_TOKEN = process.env.BEACON_ADMIN_TOKEN;
export const NO_BEACON = BEACON_URL ? false : 'set BEACON_URL (and BEACON_ADMIN_TOKEN) to a running beacon local';

export function client(options = {}) {
  return new BeaconClient(`${BEACON_URL}/chat`, {
    WebSocket,
    reconnect: new ReconnectPolicy({ initialDelay: 50, maxDelay: 500 }),
    ...options,
  });
}

/** POST to the admin API of the gateway under test; returns the status. */
export async function admin(path, body) {
  const response = await fetch(`${BEACON_URL.replace(/^ws/, 'http')}/api${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

/** Resolves once condition() is true, polling every 20 ms; rejects after deadline ms naming what was awaited. */
export async function until(what, condition, deadline = 20_000) {
  const end = Date.now() + deadline;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${deadline} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the first value of ask() that ok() accepts, asking every 100 ms; rejects after deadline ms. */
export async function untilValue(what, ask, ok, deadline = 30_000) {
  const end = Date.now() + deadline;
  for (;;) {
    const value = await ask();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out after ${deadline} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A room name no other test uses. */
export function freshRoom(name) {
  return `${name}-${process.pid}-${Date.now().toString(36)}`;
}
