// A class device reaches its link's exchange wall only while admitted to a call of that
// link, by the token its call gave it; sent back to the lobby, it no longer does.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import type { CallState } from '../../shared/schemas/call.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';
import { until } from '../support/until.js';
import '../support/provided.js';

let world: CallWorld;
let teacher: SocketTransport;
let state: CallState | undefined;

describe('exchange wall for a class device in a call', () => {
  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), `exchange_device_${process.pid}`);
    teacher = await world.teacher(0);
    await world.teacher(1);
    // Listening from the start: the state that says it is in may come before the admission's answer.
    await world.device(0, 'Class 4A', teacher, (s) => void (state = s));
    await until('the device has its token', () => !!state?.you.rejoinToken && state.you.state === 'in');
  });
  afterAll(async () => {
    await world?.close();
  });

  const wall = (token: string) => fetch(`${world.server.url}/api/links/${world.linkId}/exchange`, { headers: { 'x-linkroom-device': token } });

  it('lists the wall with the call’s token, and refuses a made-up one', async () => {
    expect(state!.linkId).toBe(world.linkId);
    const res = await wall(state!.you.rejoinToken!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ linkId: world.linkId, items: [] });
    expect((await wall('not-a-real-token-at-all')).status).toBe(403);
  });

  it('stops answering once the device is sent back to the lobby', async () => {
    const token = state!.you.rejoinToken!;
    await teacher.request('call:remove', { participantId: state!.you.participantId, toLobby: true });
    await until('the device is in the lobby', () => state?.you.state === 'lobby');
    expect((await wall(token)).status).toBe(403);
  });
});
