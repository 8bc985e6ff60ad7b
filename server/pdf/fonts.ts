// Fonts for the PDFs Linkroom writes: Debian's DejaVu (every accent and arrow pupils' and
// schools' names use), or pdfkit's built-in Helvetica where DejaVu is not installed.
import { existsSync } from 'node:fs';

const REGULAR = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export function pdfFonts(): { regular: string; bold: string } {
  return existsSync(REGULAR) && existsSync(BOLD) ? { regular: REGULAR, bold: BOLD } : { regular: 'Helvetica', bold: 'Helvetica-Bold' };
}
