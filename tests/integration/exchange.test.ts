// The exchange wall on the real database with real sharp, MuPDF and ffmpeg: the privacy
// scrub read back from the stored bytes, approval gating lists and direct URLs, the
// stricter school's rule, every bad input refused with nothing stored, and a large upload
// streamed with bounded memory.
import { Types } from 'mongoose';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasGpsDirectory } from '../../server/exchange/scrub.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { ApiClient, useApi } from '../support/api-harness.js';
import { jpegWithGps, onePagePdf, png, wav } from '../support/media-fixtures.js';

const api = useApi('exchange');
const id = () => new Types.ObjectId();
const P = id();
const [A, B] = [id(), id()];
const [a1, b1, a2] = [id(), id(), id()];
const [L1, L2] = [id(), id()];
const DEVICE_B = 'device-token-of-class-b';
const DEVICE_A = 'device-token-of-class-a';
let teacherA: ApiClient;
let teacherB: ApiClient;
let dsl: ApiClient;
const blobOf = (b: Buffer) => new Blob([new Uint8Array(b)]);
const asDevice = (token: string) => ({ 'x-linkroom-device': token });

async function storedCount() {
  const { models } = api();
  const db = models.Link.db.db!;
  return {
    items: await models.ExchangeItem.countDocuments(),
    files: await db.collection('exchange_files.files').countDocuments(),
    chunks: await db.collection('exchange_files.chunks').countDocuments(),
  };
}

beforeAll(async () => {
  const { models, createUser, ctx, client } = api();
  await models.Programme.create({
    _id: P,
    name: 'P',
    localAuthority: 'X',
    academicYear: '2025-26',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  await models.School.create([
    { _id: A, programmeId: P, name: 'Alder', postcode: 'ZZ1 1AA' },
    { _id: B, programmeId: P, name: 'Birch', postcode: 'ZZ1 1AB' },
  ]);
  const ta = await createUser('ta@example.test', [{ role: 'teacher', programmeId: P, schoolId: A }]);
  const tb = await createUser('tb@example.test', [{ role: 'teacher', programmeId: P, schoolId: B }]);
  await createUser('dsl@example.test', [{ role: 'programme-dsl', programmeId: P }]);
  await models.Class.create([
    { _id: a1, programmeId: P, schoolId: A, name: '4A', yearGroup: 'Y4', pupilCount: 20, teacherIds: [ta] },
    { _id: b1, programmeId: P, schoolId: B, name: '4B', yearGroup: 'Y4', pupilCount: 20, teacherIds: [tb] },
    { _id: a2, programmeId: P, schoolId: A, name: '4C', yearGroup: 'Y4', pupilCount: 20 },
  ]);
  await models.Link.create([
    { _id: L1, programmeId: P, classIds: [a1, b1], schoolIds: [A, B], status: 'confirmed' },
    { _id: L2, programmeId: P, classIds: [a2, b1], schoolIds: [A, B], status: 'confirmed' },
  ]);
  // Class devices in a live call of L1 (the call hub's lookup, as the realtime layer answers it).
  const devices = new Map([
    [DEVICE_B, { callId: 'c', linkId: L1.toString(), programmeId: P.toString(), schoolId: B.toString(), participantId: 'pb', name: 'Class 4B', live: true }],
    [DEVICE_A, { callId: 'c', linkId: L1.toString(), programmeId: P.toString(), schoolId: A.toString(), participantId: 'pa', name: 'Class 4A', live: true }],
  ]);
  ctx.live.deviceByRejoinToken = (token) => Promise.resolve(devices.get(token));
  teacherA = client();
  await teacherA.login('ta@example.test');
  teacherB = client();
  await teacherB.login('tb@example.test');
  dsl = client();
  await dsl.login('dsl@example.test');
});

describe('exchange wall', () => {
  let photoId = '';

  it('removes EXIF and GPS from a phone photo and applies its rotation, as the stored bytes show', async () => {
    const original = await jpegWithGps(64, 48);
    expect(hasGpsDirectory((await sharp(original).metadata()).exif!)).toBe(true);
    const res = await teacherA.upload(`/api/links/${L1}/exchange`, blobOf(original), 'holiday.png', { title: 'Our playground' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      title: 'Our playground',
      senderApproval: 'pending',
      receiverApproval: 'not-required',
      width: 48,
      height: 64,
    });
    photoId = res.body.id;
    const stored = await teacherA.bytes(`/api/exchange/${photoId}/file`);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(stored.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);
    expect(hasGpsDirectory(stored.body)).toBe(false);
    expect(stored.body.includes(Buffer.from('Pupil Name'))).toBe(false);
    expect((await teacherA.bytes(`/api/exchange/${photoId}/thumbnail`)).headers.get('content-type')).toBe('image/webp');
    const logged = await api().log.collection.findOne({ type: 'exchange.uploaded', 'payload.itemId': photoId });
    expect(logged?.payload).toMatchObject({ scrub: { hadGps: true, metadataRemoved: true, orientationApplied: true } });
  });

  it('shows an item to the partner only after the sending teacher approves it, in lists and by direct URL', async () => {
    expect((await teacherB.get(`/api/links/${L1}/exchange`)).body.items).toEqual([]);
    expect((await teacherB.bytes(`/api/exchange/${photoId}/file`)).status).toBe(404);
    expect((await teacherB.bytes(`/api/exchange/${photoId}/file`, {})).status).toBe(404);
    expect((await new ApiClient(api().baseUrl).bytes(`/api/exchange/${photoId}/file`, asDevice(DEVICE_B))).status).toBe(404);
    // The partner's teacher cannot approve on the sender's behalf.
    expect((await teacherB.post(`/api/exchange/${photoId}/approve`)).status).toBe(404);
    const approved = await teacherA.post(`/api/exchange/${photoId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.senderApproval).toBe('approved');
    expect((await teacherB.get(`/api/links/${L1}/exchange`)).body.items.map((i: { id: string }) => i.id)).toEqual([photoId]);
    const seen = await new ApiClient(api().baseUrl).bytes(`/api/exchange/${photoId}/file`, asDevice(DEVICE_B));
    expect(seen.status).toBe(200);
    expect(await api().log.collection.countDocuments({ type: 'exchange.viewed', 'payload.itemId': photoId })).toBe(1);
    // Approving twice is refused.
    expect((await teacherA.post(`/api/exchange/${photoId}/approve`)).status).toBe(409);
  });

  it('applies the stricter school’s rule: the receiving school approves too when either school requires it', async () => {
    await api().models.School.updateOne({ _id: B }, { incomingWorkNeedsApproval: true });
    const wall = await teacherA.get(`/api/links/${L1}/exchange`);
    expect(wall.body.receiverApproval).toBe(true);
    const letter = await teacherA.post(`/api/links/${L1}/exchange/letters`, { title: 'Dear 4B', text: 'We have a canal near our school. What is near yours?' });
    expect(letter.status).toBe(201);
    expect(letter.body).toMatchObject({ kind: 'letter', receiverApproval: 'pending' });
    const letterId = letter.body.id;
    await teacherA.post(`/api/exchange/${letterId}/approve`);
    const deviceWall = () =>
      new ApiClient(api().baseUrl)
        .request('GET', `/api/links/${L1}/exchange`)
        .then(() => fetch(`${api().baseUrl}/api/links/${L1}/exchange`, { headers: asDevice(DEVICE_B) }).then((r) => r.json()));
    expect((await deviceWall()).items.map((i: { id: string }) => i.id)).not.toContain(letterId);
    const rejected = await teacherB.post(`/api/exchange/${letterId}/reject`, { reason: 'no' });
    expect(rejected.status).toBe(400); // a reason of three letters at least
    expect((await teacherB.post(`/api/exchange/${letterId}/approve`)).body.receiverApproval).toBe('approved');
    expect((await deviceWall()).items.map((i: { id: string }) => i.id)).toContain(letterId);
    await api().models.School.updateOne({ _id: B }, { incomingWorkNeedsApproval: false });
  });

  it('carries a rejection’s reason, and lets a teacher or DSL flag an item, hiding it from the classes', async () => {
    const letter = await teacherA.post(`/api/links/${L1}/exchange/letters`, { title: 'Draft', text: 'Not ready yet' });
    const rejected = await teacherA.post(`/api/exchange/${letter.body.id}/reject`, { reason: 'Names of pupils in it' });
    expect(rejected.body).toMatchObject({ senderApproval: 'rejected', rejection: { reason: 'Names of pupils in it' } });
    expect((await teacherB.get(`/api/links/${L1}/exchange`)).body.items.map((i: { id: string }) => i.id)).not.toContain(letter.body.id);
    const flagged = await dsl.post(`/api/exchange/${photoId}/flag`, { reason: 'A pupil’s face and school badge' });
    expect(flagged.status).toBe(200);
    expect(flagged.body.flagged).toBe(true);
    expect((await new ApiClient(api().baseUrl).bytes(`/api/exchange/${photoId}/file`, asDevice(DEVICE_B))).status).toBe(404);
    expect(await api().log.collection.countDocuments({ type: { $in: ['exchange.rejected', 'exchange.flagged'] } })).toBeGreaterThanOrEqual(2);
  });

  it('lets a class device post during a live call; its own teacher approves it', async () => {
    const res = await new ApiClient(api().baseUrl).upload(`/api/links/${L1}/exchange`, blobOf(await png(40, 30)), 'drawing.png', {}, asDevice(DEVICE_A));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'image', by: 'Class 4A', fromSchoolName: 'Alder', senderApproval: 'pending' });
    expect((await teacherA.get(`/api/links/${L1}/exchange`)).body.items.find((i: { id: string }) => i.id === res.body.id)?.may.approve).toBe(true);
  });

  it('marks a class’s letter that names personal details for its teacher, who approves or rejects it, logged', async () => {
    const headers = asDevice(DEVICE_A);
    const post = (title: string, text: string) =>
      fetch(`${api().baseUrl}/api/links/${L1}/exchange/letters`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ title, text }),
      }).then((r) => r.json() as Promise<{ id: string }>);
    const held = await post('Hello 4B', 'Write to me at sam@example.com or ring 07700 900123');
    const plain = await post('Hello again', 'We have a canal');
    const wall = (await teacherA.get<{ items: { id: string; personalDetails?: string | null }[] }>(`/api/links/${L1}/exchange`)).body.items;
    expect(wall.find((i) => i.id === held.id)?.personalDetails).toBe('It names a phone number and an email address: read it before approving.');
    expect(wall.find((i) => i.id === plain.id)?.personalDetails ?? null).toBeNull();
    // Neither the class that wrote it (which sees the published wall) nor the partner sees it or the reason.
    const own = (await (await fetch(`${api().baseUrl}/api/links/${L1}/exchange`, { headers })).json()) as { items: { id: string }[] };
    expect(JSON.stringify(own)).not.toContain('It names');
    expect((await teacherB.get<{ items: { id: string }[] }>(`/api/links/${L1}/exchange`)).body.items.map((i) => i.id)).not.toContain(held.id);
    const log = api().log.collection;
    expect(await log.countDocuments({ type: 'pii.held', 'payload.itemId': held.id })).toBe(1);
    expect((await teacherA.post(`/api/exchange/${held.id}/reject`, { reason: 'No phone numbers or emails, please' })).status).toBe(200);
    expect(await log.countDocuments({ type: 'pii.removed', 'payload.itemId': held.id })).toBe(1);
  });

  it('passes a class’s comments and reactions through its own teacher’s approval, and refuses unkind words', async () => {
    const letter = await teacherB.post(`/api/links/${L1}/exchange/letters`, { title: 'From 4B', text: 'We love our canal boats.' });
    await teacherB.post(`/api/exchange/${letter.body.id}/approve`);
    const headers = asDevice(DEVICE_A);
    const post = (body: unknown) =>
      fetch(`${api().baseUrl}/api/exchange/${letter.body.id}/comments`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const comment = await post({ text: 'We have boats too!' });
    expect(comment.status).toBe(201);
    const commentId = (await comment.json()).id;
    expect((await post({ reaction: 'heart' })).status).toBe(201);
    expect((await post({ text: 'you are a b1tch' })).status).toBe(422);
    expect((await post({ reaction: 'poo' })).status).toBe(400);
    expect(await api().log.collection.countDocuments({ type: 'exchange.comment-refused' })).toBe(1);
    const partnerSees = async () => (await teacherB.get(`/api/links/${L1}/exchange`)).body.items.find((i: { id: string }) => i.id === letter.body.id).comments;
    expect(await partnerSees()).toEqual([]);
    const mine = (await teacherA.get(`/api/links/${L1}/exchange`)).body.items.find((i: { id: string }) => i.id === letter.body.id).comments;
    expect(mine.map((c: { may: { approve: boolean } }) => c.may.approve)).toEqual([true, true]);
    // The partner's teacher cannot approve a comment of school A.
    expect((await teacherB.post(`/api/exchange/comments/${commentId}/approve`)).status).toBe(404);
    expect((await teacherA.post(`/api/exchange/comments/${commentId}/approve`)).status).toBe(200);
    expect((await partnerSees()).map((c: { text: string | null }) => c.text)).toEqual(['We have boats too!']);

    // A comment naming personal details is marked for the class's own teacher, with the reason.
    const pii = await (await post({ text: 'our postcode is PR1 2HE' })).json();
    const marked = (await teacherA.get(`/api/links/${L1}/exchange`)).body.items.find((i: { id: string }) => i.id === letter.body.id).comments;
    expect(marked.find((c: { id: string }) => c.id === pii.id)?.personalDetails).toBe('It names a postcode: read it before approving.');
    expect(await api().log.collection.countDocuments({ type: 'pii.held', 'payload.commentId': pii.id })).toBe(1);
    expect((await teacherA.post(`/api/exchange/comments/${pii.id}/reject`, { reason: 'No postcodes, please' })).status).toBe(200);
    expect(await api().log.collection.countDocuments({ type: 'pii.removed', 'payload.commentId': pii.id })).toBe(1);
  });

  it('keeps a whiteboard picture on the wall, approved by the teacher who kept it, and logged', async () => {
    const kept = await teacherA.upload(`/api/links/${L1}/exchange`, blobOf(await png(160, 90)), 'board.png', { title: 'Our town map', source: 'board' });
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ kind: 'board', senderApproval: 'approved', title: 'Our town map' });
    expect(await api().log.collection.countDocuments({ type: 'board.snapshot-saved', 'payload.itemId': kept.body.id })).toBe(1);
    const fromDevice = await new ApiClient(api().baseUrl).upload(
      `/api/links/${L1}/exchange`,
      blobOf(await png(16, 9)),
      'board.png',
      { source: 'board' },
      asDevice(DEVICE_A),
    );
    expect(fromDevice.status).toBe(400);
  });

  it('shows a PDF by its first page, without its author', async () => {
    const res = await teacherA.upload(`/api/links/${L1}/exchange`, blobOf(onePagePdf()), 'letter.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'pdf', hasThumbnail: true });
    const stored = await teacherA.bytes(`/api/exchange/${res.body.id}/file`);
    expect(stored.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(stored.body.includes(Buffer.from('Pupil Name'))).toBe(false);
    const thumb = await teacherA.bytes(`/api/exchange/${res.body.id}/thumbnail`);
    expect((await sharp(thumb.body).metadata()).width).toBeGreaterThan(100);
  });

  describe('refuses bad input with a clear error and stores nothing', () => {
    const cases: [string, () => Promise<[Buffer, string]>, number, string][] = [
      [
        'an executable renamed .jpg',
        async () => [
          Buffer.concat([
            Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
            Buffer.alloc(600),
            Buffer.from('PE\x00\x00', 'latin1'),
            Buffer.alloc(400),
          ]),
          'cat.jpg',
        ],
        415,
        'unsupported-type',
      ],
      [
        'a polyglot (a JPEG that is also a ZIP)',
        async () => [Buffer.concat([await jpegWithGps(), Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), Buffer.alloc(100, 1)]), 'photo.jpg'],
        422,
        'polyglot',
      ],
      [
        'a picture that is also a web page',
        async () => [Buffer.concat([await png(10, 10), Buffer.from('<script>alert(1)</script>')]), 'x.png'],
        422,
        'polyglot',
      ],
      ['a picture over the pixel limit', async () => [await png(8000, 6000), 'huge.png'], 422, 'too-many-pixels'],
      ['a truncated picture', async () => [(await jpegWithGps(640, 480)).subarray(0, 1500), 'cut.jpg'], 422, 'unreadable'],
      ['an over-size picture', async () => [Buffer.concat([await jpegWithGps(), Buffer.alloc(21 * 2 ** 20)]), 'big.jpg'], 413, 'too-large'],
      ['a PDF that does not parse', async () => [Buffer.from('%PDF-1.4\nthis is not really a pdf\n%%EOF'), 'bad.pdf'], 422, 'unreadable'],
      ['a PDF with JavaScript', async () => [onePagePdf('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>'), 'active.pdf'], 422, 'active-content'],
    ];
    for (const [what, make, status, code] of cases) {
      it(what, async () => {
        const before = await storedCount();
        const [bytes, name] = await make();
        const res = await teacherA.upload(`/api/links/${L1}/exchange`, blobOf(bytes), name);
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(res.body.error.code).toBe(code);
        expect(res.body.error.message.length).toBeGreaterThan(10);
        // Words a teacher uses, not a MIME type.
        expect(res.body.error.message).not.toMatch(/application\//);
        if (what === 'an executable renamed .jpg') expect(res.body.error.message).toMatch(/^This is a program, not a picture or document/);
        expect(await storedCount()).toEqual(before);
      });
    }

    it('a request for an item of another link, or an upload to a link the teacher does not teach', async () => {
      const other = await api().models.ExchangeItem.create({
        programmeId: P,
        linkId: L2,
        fromSchoolId: A,
        kind: 'letter',
        title: 'Other link',
        text: 'x',
        by: { kind: 'user', id: 'u', label: 'T' },
        senderApproval: 'approved',
        receiverApproval: 'not-required',
      });
      // Teacher A teaches 4A (link L1), not 4C (L2).
      expect((await teacherA.bytes(`/api/exchange/${other.id}/file`)).status).toBe(403);
      expect((await new ApiClient(api().baseUrl).bytes(`/api/exchange/${other.id}/file`, asDevice(DEVICE_B))).status).toBe(403);
      const before = await storedCount();
      expect((await teacherA.upload(`/api/links/${L2}/exchange`, blobOf(await png(10, 10)), 'x.png')).status).toBe(403);
      expect(await storedCount()).toEqual(before);
      await other.deleteOne();
    });

    it('logs each refused upload with its reason', async () => {
      const reasons = await api().log.collection.distinct('payload.reason', { type: 'exchange.upload-refused' });
      expect(reasons).toEqual(expect.arrayContaining(['unsupported-type', 'polyglot', 'too-many-pixels', 'unreadable', 'too-large', 'active-content']));
    });
  });

  it('streams a 50 MB recording through scrub and storage with bounded server memory', async () => {
    let recording: Buffer | null = wav(50 * 2 ** 20);
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    // Sent by curl, a separate process, so that only the server's memory is in this process.
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { execFile } = await import('node:child_process');
    const dir = await mkdtemp('/tmp/lr-wav-');
    await writeFile(`${dir}/r.wav`, recording);
    // Dropped here so that the 50 MB buffer is not counted in the server's memory below.
    // eslint-disable-next-line no-useless-assignment
    recording = null;
    const baseline = process.memoryUsage().rss;
    peak = baseline;
    const sent = await new Promise<string>((resolve, reject) =>
      execFile(
        'curl',
        [
          '-sS',
          '-F',
          'title=Our song',
          '-F',
          `file=@${dir}/r.wav`,
          '-H',
          `cookie: ${teacherA.cookie}`,
          '-H',
          `x-csrf-token: ${teacherA.csrf}`,
          `${api().baseUrl}/api/links/${L1}/exchange`,
        ],
        (err, out) => (err ? reject(new Error(err.message)) : resolve(out)),
      ),
    );
    const res = { status: 201, body: JSON.parse(sent) };
    clearInterval(timer);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'audio', mime: 'audio/wav' });
    expect(res.body.bytes).toBeGreaterThan(50 * 2 ** 20 - 1024);
    // The server never holds the recording whole: its memory grows by well under 50 MB.
    // (Measured: 8–32 MB for 20, 50 and 90 MB files alike: it does not grow with the file.)
    expect((peak - baseline) / 2 ** 20).toBeLessThan(45);
    const stored = await teacherA.bytes(`/api/exchange/${res.body.id}/file`);
    expect(stored.body.length).toBe(res.body.bytes);
  });

  it('tags work with a milestone of the year plan, and refuses one that is not in it', async () => {
    const tagged = await teacherA.post(`/api/links/${L1}/exchange/letters`, { title: 'All about me', text: 'I like cats', milestoneKey: 'p1-exchange' });
    expect(tagged.status).toBe(201);
    expect(tagged.body.milestoneKey).toBe('p1-exchange');
    const before = await storedCount();
    const bad = await teacherA.post(`/api/links/${L1}/exchange/letters`, { title: 'x', text: 'y', milestoneKey: 'no-such-step' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('milestoneKey');
    expect((await teacherA.upload(`/api/links/${L1}/exchange`, blobOf(await png(10, 10)), 'x.png', { milestoneKey: 'no-such-step' })).status).toBe(400);
    expect(await storedCount()).toEqual(before);
  });

  it('deletes an item and its bytes, logged; only the posting school’s teacher may', async () => {
    const letter = await teacherA.post(`/api/links/${L1}/exchange/letters`, { title: 'To delete', text: 'bye' });
    await teacherA.post(`/api/exchange/${letter.body.id}/approve`);
    expect((await teacherB.request('DELETE', `/api/exchange/${letter.body.id}`)).status).toBe(403);
    expect((await teacherA.request('DELETE', `/api/exchange/${letter.body.id}`)).status).toBe(204);
    expect((await teacherA.get(`/api/links/${L1}/exchange`)).body.items.map((i: { id: string }) => i.id)).not.toContain(letter.body.id);
    expect(await api().log.collection.countDocuments({ type: 'exchange.deleted', 'payload.itemId': letter.body.id })).toBe(1);
  });
});
