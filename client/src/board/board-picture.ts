// The board as a PNG: the SVG drawn onto a canvas at the board's full size.
import { BOARD_HEIGHT, BOARD_WIDTH } from '../../../shared/board/elements';

export async function boardPicture(svg: SVGSVGElement): Promise<Blob> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.querySelectorAll('.wb-cursor').forEach((c) => c.remove());
  copy.setAttribute('width', String(BOARD_WIDTH));
  copy.setAttribute('height', String(BOARD_HEIGHT));
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // A picture drawn from an SVG loads nothing from outside it: pictures go in as data.
  for (const img of copy.querySelectorAll('image')) {
    const href = img.getAttribute('href');
    if (href && !href.startsWith('data:')) img.setAttribute('href', await asDataUrl(href).catch(() => ''));
  }
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = BOARD_WIDTH;
    canvas.height = BOARD_HEIGHT;
    canvas.getContext('2d')!.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be made.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function asDataUrl(url: string): Promise<string> {
  const blob = await (await fetch(url)).blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string); // readAsDataURL gives a string
    reader.onerror = () => reject(reader.error ?? new Error('The picture could not be read.'));
    reader.readAsDataURL(blob);
  });
}
