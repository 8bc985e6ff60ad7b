// The exported record read back: the PDF's text through MuPDF, the CSV through csv-parse.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { evidenceCsv, evidencePdf, type EvidenceRecord } from '../../server/safeguarding/evidence-export.js';
import { verifyChain } from '../../server/safeguarding/hash-chain.js';
import { chainOf } from '../support/log-events.js';

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  let text = '';
  for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText() + '\n';
  return { pages: doc.countPages(), text };
}

async function record(n: number): Promise<EvidenceRecord> {
  const events = chainOf(
    Array.from({ length: n }, (_, i) => ({ type: i % 2 ? 'call.chat-message' : 'call.agenda-step', payload: { text: `message ${i} — ça va? 👋`, index: i } })),
  );
  return {
    title: 'Call record: Our first call',
    about: ['Schools: Oak and Ash'],
    events,
    chain: await verifyChain(events),
    generatedAt: new Date('2026-03-04T10:00:00Z'),
  };
}

describe('evidence export', () => {
  it('writes a paginated PDF with every event, its hash and the chain result', async () => {
    const r = await record(120);
    const { pages, text } = await pdfText(await evidencePdf(r));
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain('Call record: Our first call');
    expect(text).toContain('Whole log verified: intact. 120 events checked');
    expect(text).toContain('Each of the 120 events below was re-hashed: all match.');
    for (const e of r.events) expect(text).toContain(`#${e._id}  `);
    expect(text).toContain(r.events[57]!.hash);
    expect(text).toContain('ça va?');
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it('reports a tampered event in the PDF and the CSV', async () => {
    const r = await record(5);
    r.events[2]!.payload = { text: 'edited afterwards' };
    r.chain = await verifyChain(r.events);
    const { text } = await pdfText(await evidencePdf(r));
    expect(text).toContain('Log verification FAILED at event #3 (payload-hash-mismatch)');
    expect(text).toContain('Events whose hash does not match their content: #3.');
    const rows = parse<Record<string, string>>(evidenceCsv(r), { columns: true });
    expect(rows.map((row) => row['hash matches'])).toEqual(['yes', 'yes', 'NO', 'yes', 'yes']);
  });

  it('writes one CSV row per event with whole payloads and hashes', async () => {
    const r = await record(30);
    const rows = parse<Record<string, string>>(evidenceCsv(r), { columns: true });
    expect(rows).toHaveLength(30);
    expect(rows[7]).toMatchObject({ seq: '8', type: 'call.chat-message', hash: r.events[7]!.hash, 'previous hash': r.events[6]!.hash });
    expect(JSON.parse(rows[7]!.payload!)).toEqual({ text: 'message 7 — ça va? 👋', index: 7 });
  });

  it('shows a payload removed by retention as such', async () => {
    const r = await record(3);
    delete r.events[1]!.payload;
    r.events[1]!.redacted = { at: new Date('2027-09-02T00:00:00Z'), reason: 'retention: call-logs' };
    r.chain = await verifyChain(r.events);
    const { text } = await pdfText(await evidencePdf(r));
    expect(text).toContain('(1 with payloads removed by retention)');
    expect(text).toContain('[removed by retention on 2027-09-02 01:00:00 BST: retention: call-logs]');
  });

  it("escapes a cell that a spreadsheet would run as a formula (a class device's typed name)", async () => {
    const events = chainOf([{ type: 'call.device-waiting', actor: { kind: 'device', id: 'p1', label: '=HYPERLINK("http://evil.example","Click")' } }]);
    const csv = evidenceCsv({ title: 'Call record', about: [], events, chain: await verifyChain(events), generatedAt: new Date('2026-03-04T10:00:00Z') });
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows[0]!.actor).toBe(`'=HYPERLINK("http://evil.example","Click")`);
  });

  it('shows times as UK time with the zone named, and the exact UTC instant in the CSV', async () => {
    const events = chainOf([{ type: 'call.agenda-step' }, { type: 'call.ended', t: 60 }], Date.UTC(2026, 6, 1, 9, 0, 0));
    const r = { title: 'Call record', about: [], events, chain: await verifyChain(events), generatedAt: new Date('2026-01-05T08:00:00Z') };
    const rows = parse<Record<string, string>>(evidenceCsv(r), { columns: true });
    expect(rows.map((row) => [row['at (UK time)'], row['at (UTC)']])).toEqual([
      ['2026-07-01 10:00:00 BST', '2026-07-01T09:00:00.000Z'],
      ['2026-07-01 10:01:00 BST', '2026-07-01T09:01:00.000Z'],
    ]);
    const { text } = await pdfText(await evidencePdf(r));
    expect(text).toContain('#1  2026-07-01 10:00:00 BST  Ms Teacher moved the agenda on');
    expect(text).toContain('Generated 2026-01-05 08:00:00 GMT');
  });

  it('opens with who attended and for how long, the moderation actions and the concerns, in words; hashes in an appendix', async () => {
    const device = { kind: 'device' as const, id: 'dev-1', label: 'Class 4R' };
    const events = chainOf(
      [
        { type: 'call.teacher-joined', t: 0 },
        { type: 'call.device-admitted', t: 60, payload: { participantId: 'dev-1', name: 'Class 4R' } },
        { type: 'call.chat-message', t: 120, actor: device, payload: { text: 'Hello from 4R', channel: 'class' } },
        { type: 'call.muted', t: 180, payload: { participantId: 'dev-1', name: 'Class 4R' } },
        { type: 'concern.raised', t: 240, payload: { concernId: 'c-9', summary: 'A pupil looked upset', urgency: 'today' } },
        { type: 'call.ended', t: 1260 },
      ],
      Date.UTC(2026, 10, 3, 9, 0, 0),
    );
    const r = { title: 'Call record', about: [], events, chain: await verifyChain(events), generatedAt: new Date('2026-11-03T10:00:00Z') };
    const { text } = await pdfText(await evidencePdf(r));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('From 2026-11-03 09:00:00 GMT to 2026-11-03 09:21:00 GMT.');
    expect(flat).toContain('Who attended (2)');
    expect(flat).toContain('Ms Teacher (teacher): 21 min, 2026-11-03 09:00:00 GMT to 2026-11-03 09:21:00 GMT');
    expect(flat).toContain('Class 4R (class device): 20 min');
    expect(flat).toContain('Moderation actions (1) 2026-11-03 09:03:00 GMT — Ms Teacher muted a class (#4)');
    expect(flat).toContain('Concerns (1) 2026-11-03 09:04:00 GMT — Ms Teacher raised a safeguarding concern: Summary: A pupil looked upset · Urgency: today');
    // Events in words, their details as labelled fields; database ids are not among them.
    expect(flat).toContain('Class 4R wrote in the chat');
    expect(flat).toContain('Text: Hello from 4R · Channel: class');
    expect(flat).not.toContain('Participant id');
    // The hash chain, after the events.
    expect(flat.indexOf('Appendix: the hash chain')).toBeGreaterThan(flat.indexOf('Class 4R wrote in the chat'));
    expect(flat).toContain(`#6 hash ${events[5]!.hash}`);
  });
});
