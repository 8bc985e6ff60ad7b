// Files for exchange tests, made on the spot with sharp (pictures), by hand (WAV, PDF).
import sharp from 'sharp';

/** A photo as a phone takes it: EXIF with GPS position and a rotation flag. */
export async function jpegWithGps(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Phone 9', Artist: 'Pupil Name' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 45/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 29/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A PCM WAV of the given size: a valid recording of noise. */
export function wav(bytes: number): Buffer {
  const dataBytes = bytes - 44;
  const b = Buffer.alloc(bytes);
  b.write('RIFF', 0);
  b.writeUInt32LE(bytes - 8, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(44_100, 24);
  b.writeUInt32LE(88_200, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(dataBytes, 40);
  for (let i = 44; i + 1 < bytes; i += 2) b.writeInt16LE(Math.round(Math.sin(i / 40) * 8000), i);
  return b;
}

/** A one-page PDF, written by hand (xref offsets computed). */
export function onePagePdf(extra = ''): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    '<< /Length 44 >>\nstream\n0 0 1 rg 20 20 160 160 re f 1 0 0 rg 0 0 0 0 re f\nendstream',
    `<< /Author (Pupil Name) /Producer (Word) ${extra} >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
