// Why the exchange will not take a file, in the words of a teacher, not a MIME type
// ("application/x-msdownload"): what the file is, and what to send instead.
const PROGRAMS = new Set(['exe', 'msi', 'elf', 'dmg', 'apk', 'deb', 'rpm', 'class', 'wasm', 'dex', 'mach', 'macho', 'cab', 'pkg']);
const ARCHIVES = new Set(['zip', 'rar', '7z', 'gz', 'tar', 'bz2', 'xz', 'zst', 'cpio', 'ar', 'lz', 'lzh']);
const OFFICE: Record<string, string> = {
  docx: 'a Word document',
  doc: 'a Word document',
  odt: 'a text document',
  rtf: 'a text document',
  xlsx: 'a spreadsheet',
  xls: 'a spreadsheet',
  ods: 'a spreadsheet',
  pptx: 'a presentation',
  ppt: 'a presentation',
  odp: 'a presentation',
  epub: 'an e-book',
};
const SEND_INSTEAD = 'Send pictures, PDFs, sound or short videos.';

/** The refusal for a file of a detected type the exchange does not take (`ext` as file-type names it). */
export function refusedTypeInWords(ext: string | undefined): string {
  if (!ext) return `This file is not a picture, PDF, sound or video the exchange can take. ${SEND_INSTEAD}`;
  if (PROGRAMS.has(ext)) return `This is a program, not a picture or document: it cannot go on the wall. ${SEND_INSTEAD}`;
  if (ARCHIVES.has(ext)) return `This is a compressed folder (.${ext}): open it and send the pictures or documents inside, one by one.`;
  const office = OFFICE[ext];
  if (office) return `This is ${office}: save or export it as a PDF, then send the PDF.`;
  return `This kind of file (.${ext}) cannot go on the wall. ${SEND_INSTEAD}`;
}
