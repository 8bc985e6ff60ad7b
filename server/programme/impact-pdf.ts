// The one-page summary a coordinator hands to councillors: the headline figures and a bar
// per link showing how far it has come through the year plan.
import PDFDocument from 'pdfkit';
import { pdfBuffer } from '../pdf/buffer.js';
import { pdfFonts } from '../pdf/fonts.js';
import { headlineFigures, type Impact } from '../../shared/impact.js';

const MARGIN_PT = 48;
const BAR_HEIGHT_PT = 10;
/** Past this many links the bars would not fit one page: the rest are counted instead. */
const MAX_BARS = 30;

export function impactPdf(impact: Impact, title: string, generatedAt: Date): Promise<Buffer> {
  const { regular, bold } = pdfFonts();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN_PT, info: { Title: title, Producer: 'Linkroom' } });
  const done = pdfBuffer(doc);
  doc.font(bold).fontSize(20).text(title);
  doc
    .font(regular)
    .fontSize(10)
    .fillColor('#555')
    .text(`Programme summary, ${generatedAt.toISOString().slice(0, 10)}`)
    .fillColor('black');
  doc.moveDown();
  const figures = headlineFigures(impact);
  const colWidth = (doc.page.width - 2 * MARGIN_PT) / 4;
  const top = doc.y;
  figures.forEach(([label, value], i) => {
    const x = MARGIN_PT + (i % 4) * colWidth;
    const y = top + Math.floor(i / 4) * 56;
    doc
      .font(bold)
      .fontSize(22)
      .text(String(value), x, y, { width: colWidth - 8 });
    doc
      .font(regular)
      .fontSize(9)
      .text(label, x, y + 26, { width: colWidth - 8 });
  });
  doc.y = top + 2 * 56 + 10;
  doc.x = MARGIN_PT;
  doc.font(bold).fontSize(12).text('Progress of each link through the year plan');
  doc.moveDown(0.5);
  const barLeft = MARGIN_PT + 200;
  const barWidth = doc.page.width - MARGIN_PT - barLeft - 40;
  for (const l of impact.linkProgress.slice(0, MAX_BARS)) {
    const y = doc.y;
    doc
      .font(regular)
      .fontSize(8)
      .fillColor('black')
      .text(l.name, MARGIN_PT, y, { width: 195, ellipsis: true, height: BAR_HEIGHT_PT + 4 });
    doc.rect(barLeft, y, barWidth, BAR_HEIGHT_PT).fill('#e0e0e0');
    doc.rect(barLeft, y, l.total ? (barWidth * Math.min(l.done, l.total)) / l.total : 0, BAR_HEIGHT_PT).fill('#2a9d8f');
    doc.fillColor('black').text(`${l.done}/${l.total}`, barLeft + barWidth + 6, y);
    doc.y = y + BAR_HEIGHT_PT + 6;
  }
  if (impact.linkProgress.length > MAX_BARS) doc.text(`… and ${impact.linkProgress.length - MAX_BARS} more links (see the CSV).`, MARGIN_PT);
  doc.end();
  return done;
}
