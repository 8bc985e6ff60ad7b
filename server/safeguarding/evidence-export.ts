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
  doc.moveDown(0.6).font(bold).fontSize(12).text('Chain verification');
  doc.font(regular).fontSize(10);
  for (const line of chainSummary(record)) doc.text(line);
  doc.moveDown(0.6).font(bold).fontSize(12).text(`Events (${record.events.length})`);
  for (const e of record.events) {
    doc
      .moveDown(0.4)
      .font(bold)
      .fontSize(9)
      .text(`#${e._id}  ${ukTime(e.at)}  ${e.type}`);
    doc.font(regular).fontSize(8.5).text(actorText(e));
    const payload = payloadText(e);
    doc.text(payload.length > PDF_PAYLOAD_MAX_CHARS ? `${payload.slice(0, PDF_PAYLOAD_MAX_CHARS)}… (cut; the CSV export has it whole)` : payload);
    doc.fillColor('#555').fontSize(7).text(`hash ${e.hash}  previous ${e.prevHash}`).fillColor('black');
  }
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
