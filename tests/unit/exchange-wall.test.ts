// ExchangeWall over fakes: who may see and do what on a link's wall, every change logged
// before it is stored, a class's personal details held for its teacher, nothing half-saved.
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../server/exchange/errors.js';
import { A, B, device, dsl, FakeExchange, LINK, teacher, upload } from '../support/exchange-fakes.js';

describe('ExchangeWall', () => {
  it('refuses a stranger, a device of another link, and a device posting while its call is not live', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    await expect(wall.wall({ kind: 'staff', user: undefined }, LINK.id)).rejects.toMatchObject({ code: 'unauthenticated', status: 401 });
    await expect(wall.wall(teacher('school-elsewhere'), LINK.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(wall.wall(device(A, true, { linkId: 'link-2' }), LINK.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(wall.wall({ kind: 'device', device: undefined }, LINK.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(wall.mayPost(device(A, false), LINK.id)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/live/) });
    await expect(wall.mayPost(dsl, LINK.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(wall.wall(teacher(A), 'link-missing')).rejects.toMatchObject({ code: 'not-found' });
    expect(fake.events).toEqual([]);
  });

  it('posts a scrubbed picture: logged, then its file and thumbnail stored, then the item; the partner sees it once approved', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    const item = await wall.post(teacher(A), LINK.id, upload('Our poster'));
    expect(fake.effects).toEqual(['log:exchange.uploaded', `file-stored:${item.id}.jpg`, `file-stored:${item.id}.thumb.webp`, `item-created:${item.id}`]);
    expect(item).toMatchObject({
      kind: 'image',
      title: 'Our poster',
      fromSchoolName: 'Ash Primary',
      senderApproval: 'pending',
      may: { approve: true, delete: true },
    });
    expect((await wall.wall(teacher(B), LINK.id)).items).toEqual([]);
    expect((await wall.wall(device(B), LINK.id)).items).toEqual([]);
    await expect(wall.decideItem(teacher(B), item.id, 'approved', null)).rejects.toMatchObject({ code: 'not-found' }); // not theirs to see yet
    await wall.decideItem(teacher(A), item.id, 'approved', null);
    expect((await wall.wall(device(B), LINK.id)).items.map((i) => i.id)).toEqual([item.id]);
  });

  it('logs a refused upload, and removes stored bytes when the item cannot be written', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    fake.scrubResult = () => Promise.reject(new UploadError('unsupported-type', 'That kind of file cannot go on the wall.'));
    await expect(wall.post(teacher(A), LINK.id, upload())).rejects.toMatchObject({ code: 'unsupported-type' });
    expect(fake.events.at(-1)).toMatchObject({ type: 'exchange.upload-refused', payload: { reason: 'unsupported-type' } });
    fake.scrubResult = new FakeExchange().scrubResult;
    fake.failCreate = new Error('disk full');
    await expect(wall.post(teacher(A), LINK.id, upload())).rejects.toThrow('disk full');
    expect(fake.storedFiles.size).toBe(0);
    expect(fake.logged().at(-1)).toBe('action.failed');
  });

  it('holds a class letter naming personal details for its teacher, with the reason; teachers’ own words are not checked', async () => {
    const fake = new FakeExchange();
    fake.surnames = ['Okonkwo'];
    const wall = fake.wall();
    const letter = await wall.writeLetter(device(A), LINK.id, { title: 'Hello', text: 'My name is Ada Okonkwo, ring 07700 900123' });
    expect(fake.logged()).toEqual(['pii.held', 'exchange.uploaded']);
    expect(letter.personalDetails).toBeNull(); // a class does not see the reason
    const asTeacher = (await wall.wall(teacher(A), LINK.id)).items[0]!;
    expect(asTeacher.personalDetails).toMatch(/phone number/);
    await wall.decideItem(teacher(A), letter.id, 'rejected', 'It has a phone number in it');
    expect(fake.logged().slice(-2)).toEqual(['exchange.rejected', 'pii.removed']);
    await wall.writeLetter(teacher(A), LINK.id, { title: 'From Ms Okonkwo', text: 'Call the office on 01632 960123' });
    expect(fake.logged().filter((t) => t === 'pii.held')).toHaveLength(1);
  });

  it('refuses a decision someone else made meanwhile, logging that it failed', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    const item = await wall.post(teacher(A), LINK.id, upload('Poster'));
    const stale = fake.items.get(item.id)!;
    await wall.decideItem(teacher(A), item.id, 'approved', null);
    fake.items.set(item.id, { ...fake.items.get(item.id)!, senderApproval: 'approved' });
    // As if read before the first decision: the stored state no longer matches.
    fake.records.item = () => Promise.resolve(stale);
    await expect(wall.decideItem(teacher(A), item.id, 'rejected', 'Changed my mind')).rejects.toMatchObject({ code: 'wrong-state' });
    expect(fake.logged().slice(-2)).toEqual(['exchange.rejected', 'action.failed']);
  });

  it('flags an item as a concern (logged, stored, then raised) and keeps it from being deleted', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    const item = await wall.post(teacher(A), LINK.id, upload('Poster'));
    fake.effects.length = 0;
    const flagged = await wall.flag(dsl, item.id, 'A face is visible in the background');
    expect(fake.effects).toEqual(['log:exchange.flagged', `item-flagged:${item.id}`, `concern:${item.id}`]);
    expect(flagged.flagged).toBe(true);
    await expect(wall.flag(dsl, item.id, 'again')).rejects.toMatchObject({ code: 'already-flagged' });
    await expect(wall.delete(teacher(A), item.id)).rejects.toMatchObject({ code: 'under-concern' });
    await expect(wall.flag(device(A), item.id, 'a class cannot flag')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('deletes: logged, then the item marked and its files removed; only the posting school may', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    const item = await wall.post(teacher(A), LINK.id, upload('Poster'));
    await wall.decideItem(teacher(A), item.id, 'approved', null);
    await expect(wall.delete(teacher(B), item.id)).rejects.toMatchObject({ code: 'forbidden' });
    fake.effects.length = 0;
    await wall.delete(teacher(A), item.id);
    expect(fake.effects.slice(0, 2)).toEqual(['log:exchange.deleted', `item-deleted:${item.id}`]);
    expect(fake.storedFiles.size).toBe(0);
    await expect(wall.openFile(teacher(A), item.id, 'file')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('logs what a class device is shown, and refuses unkind comments', async () => {
    const fake = new FakeExchange();
    const wall = fake.wall();
    const item = await wall.post(teacher(A), LINK.id, upload('Poster'));
    await wall.decideItem(teacher(A), item.id, 'approved', null);
    const { contentType } = await wall.openFile(device(B), item.id, 'thumbnail');
    expect(contentType).toBe('image/webp');
    expect(fake.events.at(-1)).toMatchObject({ type: 'exchange.viewed', payload: { itemId: item.id, what: 'thumbnail' } });
    await expect(wall.comment(device(B), item.id, { text: 'you are a b1tch' })).rejects.toMatchObject({ code: 'language' });
    expect(fake.logged().at(-1)).toBe('exchange.comment-refused');
    const comment = await wall.comment(device(B), item.id, { reaction: 'star' });
    expect(comment).toMatchObject({ reaction: 'star', senderApproval: 'pending' });
  });
});
