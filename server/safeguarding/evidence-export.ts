// A record handed to others (police, social care, an inquiry): the events of one call or
// one concern, with the chain's verification, as a paginated PDF (pdfkit) or as CSV
// (csv-stringify). Pure formatting: the route gathers the events and the checks.
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import type { ChainReport, StoredLogEvent } from './hash-chain.js';
import { eventIntact } from './hash-chain.js';
import { pdfBuffer } from '../pdf/buffer.js';
import { pdfFonts } from '../pdf/fonts.js';
import { ukTime } from '../../shared/uk-time.js';
import { logEventWords } from '../../shared/log-words.js';
import { payloadFields } from '../../shared/payload-fields.js';
import { evidenceSummary } from './evidence-summary.js';

export interface EvidenceRecord {
  title: string;
  /** Lines under the title: what the record is about, who asked, when. */
  about: string[];
  events: StoredLogEvent[];
  chain: ChainReport;
  generatedAt: Date;
}

/** Payloads as one line of JSON, cut for the PDF (the CSV keeps them whole). */
const PDF_PAYLOAD_MAX_CHARS = 1_500;

const payloadText = (e: StoredLogEvent) =>
  e.payload === undefined ? `[removed by retention${e.redacted ? ` on ${ukTime(e.redacted.at)}: ${e.redacted.reason}` : ''}]` : JSON.stringify(e.payload);
const actorText = (e: StoredLogEvent) => `${e.actor.label ?? e.actor.id} (${e.actor.kind} ${e.actor.id}, ${e.role})`;

/** "Mrs Patel muted every class". */
const sentence = (e: StoredLogEvent) => `${e.actor.label ?? 'Someone not named'} ${logEventWords(e.type)}`;
/** The event's details as labelled fields, ids left to the CSV and the appendix. */
const detailsLine = (e: StoredLogEvent) =>
  payloadFields(e.payload)
    .shown.map((f) => `${f.label}: ${f.value}`)
    .join(' · ');

function chainSummary(record: EvidenceRecord): string[] {
  const broken = record.events.filter((e) => !eventIntact(e)).map((e) => e._id);
  const c = record.chain;
  return [
    c.ok
      ? c.fromSeq === 0
        ? `Whole log verified: intact. ${c.checked} events checked (${c.redacted} with payloads removed by retention); head #${c.headSeq} ${c.headHash}.`
        : `Log verified: intact. The chain up to event #${c.fromSeq} was verified before (a checkpoint, whose event still has the recorded hash); ${c.checked} events since then checked; head #${c.headSeq} ${c.headHash}.`
      : `Log verification FAILED at event #${c.firstBreak?.seq} (${c.firstBreak?.reason}).`,
    broken.length === 0
      ? `Each of the ${record.events.length} events below was re-hashed: all match.`
      : `Events whose hash does not match their content: ${broken.map((s) => `#${s}`).join(', ')}.`,
  ];
}

export function evidenceCsv(record: EvidenceRecord): string {
  // Times as UK time with the zone named (GMT/BST); the exact instant beside it in UTC.
  const rows = record.events.map((e) => [
    e._id,
    ukTime(e.at),
    e.at.toISOString(),
    e.type,
    e.actor.kind,
    e.actor.id,
    e.actor.label ?? '',
    e.role,
    JSON.stringify(e.scope),
    payloadText(e),
    e.payloadHash,
    e.prevHash,
    e.hash,
    eventIntact(e) ? 'yes' : 'NO',
  ]);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: escaped.
  return stringify(
    [
      [
        'seq',
        'at (UK time)',
        'at (UTC)',
        'type',
        'actor kind',
        'actor id',
        'actor',
        'role',
        'scope',
        'payload',
        'payload hash',
        'previous hash',
        'hash',
        'hash matches',
      ],
      ...rows,
    ],
    { escape_formulas: true },
  );
}

export async function evidencePdf(record: EvidenceRecord): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: record.title, Producer: 'Linkroom', CreationDate: record.generatedAt },
  });
  const done = pdfBuffer(doc);
  const { regular, bold } = pdfFonts();

  doc.font(bold).fontSize(18).text(record.title);
  doc.moveDown(0.3).font(regular).fontSize(10);
  for (const line of record.about) doc.text(line);
  doc.text(`Generated ${ukTime(record.generatedAt)} by Linkroom. Times are UK time (GMT or BST, as named).`);

  // What a reader needs first: who was there and for how long, what adults did, concerns.
  const summary = evidenceSummary(record.events);
  const heading = (text: string) => doc.moveDown(0.6).font(bold).fontSize(12).text(text).font(regular).fontSize(10);
  heading('Summary');
  if (summary.from && summary.to) doc.text(`From ${ukTime(summary.from)} to ${ukTime(summary.to)}.`);
  heading(`Who attended (${summary.attended.length})`);
  if (summary.attended.length === 0) doc.text('No one joined.');
  for (const a of summary.attended) {
    const stretches = a.stretches.map((s) => `${ukTime(s.from)} to ${s.to ? ukTime(s.to) : 'the end of the record'}`).join('; ');
    doc.text(`${a.label} (${a.kind === 'teacher' ? 'teacher' : 'class device'}): ${a.minutes} min, ${stretches}`);
  }
  heading(`Moderation actions (${summary.moderation.length})`);
  if (summary.moderation.length === 0) doc.text('None.');
  for (const e of summary.moderation) doc.text(`${ukTime(e.at)} — ${sentence(e)} (#${e._id})`);
  heading(`Concerns (${summary.concerns.length})`);
  if (summary.concerns.length === 0) doc.text('None raised in this record.');
  for (const e of summary.concerns) {
    const details = detailsLine(e);
    doc.text(`${ukTime(e.at)} — ${sentence(e)}${details ? `: ${details}` : ''} (#${e._id})`);
  }
  heading('Chain verification');
  for (const line of chainSummary(record)) doc.text(line);

  heading(`Events (${record.events.length})`);
  for (const e of record.events) {
    const title = `#${e._id}  ${ukTime(e.at)}  ${sentence(e)}`;
    const details = e.payload === undefined ? payloadText(e) : detailsLine(e);
    const body = details.length > PDF_PAYLOAD_MAX_CHARS ? `${details.slice(0, PDF_PAYLOAD_MAX_CHARS)}… (cut; the CSV export has it whole)` : details;
    // An event is kept on one page: a new page rather than a split.
    const height = doc.font(bold).fontSize(9).heightOfString(title) + (body ? doc.font(regular).fontSize(8.5).heightOfString(body) : 0) + 14;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(0.4).font(bold).fontSize(9).text(title);
    doc
      .font(regular)
      .fontSize(8.5)
      .fillColor('#333')
      .text(`${e.type} · ${actorText(e)}`)
      .fillColor('black');
    if (body) doc.text(body);
  }

  // The hashes are for checking, not reading: an appendix.
  doc.addPage();
  doc.font(bold).fontSize(12).text('Appendix: the hash chain');
  doc.font(regular).fontSize(8.5).text('Each event’s hash, and the hash of the event before it, as the log holds them. The CSV export has every field.');
  doc.moveDown(0.4).fontSize(7).fillColor('#333');
  for (const e of record.events) doc.text(`#${e._id}  hash ${e.hash}  previous ${e.prevHash}`);
  doc.fillColor('black');
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // the footer sits in the margin without starting a new page
    doc
      .font(regular)
      .fontSize(8)
      .fillColor('#555')
      .text(`${record.title} · page ${i + 1} of ${pages.count}`, 48, doc.page.height - 32, { width: doc.page.width - 96, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
