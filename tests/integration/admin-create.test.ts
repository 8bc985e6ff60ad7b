// npm run admin:create: the first coordinator of a new installation, end to end.
import { runTool } from '../support/run-tool.js';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api-harness.js';

const api = useApi('admin_create');

const adminCreate = (args: string[]) => runTool('admin-create', api().models.User.db.name, args, { PUBLIC_URL: 'https://linkroom.example.test' });
const ARGS = ['--email', 'Coordinator@LA.example.test', '--programme', 'Schools Linking 2026-27', '--local-authority', 'Exampleshire', '--year', '2026-27'];

describe('npm run admin:create', () => {
  it('creates the programme and a link that sets up the first coordinator, who can then work', async () => {
    const created = adminCreate(ARGS);
    expect(created.code).toBe(0);
    const url = /https:\/\/linkroom\.example\.test\/invite\/(\S+)/.exec(created.out);
    expect(url, created.out).not.toBeNull();
    const coordinator = api().client();
    const invitation = await coordinator.request('GET', `/api/invitations/${url![1]}`);
    expect(invitation.body).toMatchObject({
      email: 'coordinator@la.example.test',
      role: 'coordinator',
      programme: 'Schools Linking 2026-27',
      hasAccount: false,
    });
    expect(
      (await coordinator.request('POST', `/api/invitations/${url![1]}/accept`, { name: 'Pat Coordinator', password: 'a long enough password' })).status,
    ).toBe(201);
    const programmes = await coordinator.request<{ name: string; localAuthority: string }[]>('GET', '/api/programmes');
    expect(programmes.body).toEqual([expect.objectContaining({ name: 'Schools Linking 2026-27', localAuthority: 'Exampleshire' })]);
    expect(await api().log.collection.countDocuments({ type: 'invitation.sent', 'actor.id': 'admin-create' })).toBe(1);
  });

  it('refuses while a coordinator exists, changing nothing, unless forced', async () => {
    const invitations = await api().models.Invitation.countDocuments();
    const refused = adminCreate(ARGS);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('already has a coordinator (coordinator@la.example.test)');
    expect(await api().models.Invitation.countDocuments()).toBe(invitations);
    const forced = adminCreate([...ARGS, '--email', 'second@la.example.test', '--force']);
    expect(forced.code).toBe(0);
    expect(await api().models.Programme.countDocuments()).toBe(1); // the same programme
  });

  it('names a bad or missing argument and exits 2', () => {
    const bad = adminCreate(['--email', 'not-an-email', '--programme', 'X Y Z', '--local-authority', 'Ex']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--email');
    expect(bad.out).toContain('usage: npm run admin:create');
  });
});
