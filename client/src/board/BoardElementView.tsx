// One element as SVG. Memoised: an unchanged element keeps its object in the Yjs map, so
// only new or edited elements are rendered again.
import { STICKER_ICONS } from '../components/picture-icons';
import { memo } from 'react';
import { BOARD_COLOURS, BOARD_SIZES, type BoardElement } from '../../../shared/board/elements';
import { useFileUrl } from '../exchange/use-file-url';
import { useBoardAssets } from './board-assets';
import { strokePath } from './stroke-path';

export const STICKY_W = 220;
export const STICKY_H = 160;
const STICKY_LINE_CHARS = 18;
const TEXT_SCALE = 3;

/** Splits text into lines of about n characters at spaces (SVG text does not wrap). */
export function wrap(text: string, n: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > n) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export const BoardElementView = memo(function BoardElementView({ id, element }: { id: string; element: BoardElement }) {
  const common = { 'data-element-id': id, 'data-testid': 'wb-element', 'data-kind': element.kind };
  switch (element.kind) {
    case 'stroke':
      return <path {...common} d={strokePath(element.points, element.size)} fill={BOARD_COLOURS[element.colour]} />;
    case 'shape': {
      const stroke = { stroke: BOARD_COLOURS[element.colour], strokeWidth: BOARD_SIZES[element.size] / 2, fill: 'none', strokeLinecap: 'round' as const };
      const x = Math.min(element.x, element.x + element.w);
      const y = Math.min(element.y, element.y + element.h);
      if (element.shape === 'rect') return <rect {...common} {...stroke} x={x} y={y} width={Math.abs(element.w)} height={Math.abs(element.h)} rx={8} />;
      if (element.shape === 'ellipse')
        return (
          <ellipse
            {...common}
            {...stroke}
            cx={x + Math.abs(element.w) / 2}
            cy={y + Math.abs(element.h) / 2}
            rx={Math.abs(element.w) / 2}
            ry={Math.abs(element.h) / 2}
          />
        );
      return (
        <line
          {...common}
          {...stroke}
          x1={element.x}
          y1={element.y}
          x2={element.x + element.w}
          y2={element.y + element.h}
          markerEnd={element.shape === 'arrow' ? `url(#arrow-${element.colour})` : undefined}
        />
      );
    }
    case 'text':
      return (
        <text
          {...common}
          x={element.x}
          y={element.y}
          fontSize={BOARD_SIZES[element.size] * TEXT_SCALE}
          fill={BOARD_COLOURS[element.colour]}
          fontFamily="system-ui, sans-serif"
          fontWeight={600}
        >
          {element.text}
        </text>
      );
    case 'sticky':
      return (
        <g {...common}>
          <rect x={element.x} y={element.y} width={STICKY_W} height={STICKY_H} rx={6} fill={BOARD_COLOURS[element.colour]} opacity={0.85} stroke="#00000033" />
          <text x={element.x + 12} y={element.y + 34} fontSize={24} fill="#111827" fontFamily="system-ui, sans-serif">
            {wrap(element.text, STICKY_LINE_CHARS)
              .slice(0, 5)
              .map((line, i) => (
                <tspan key={i} x={element.x + 12} dy={i === 0 ? 0 : 28}>
                  {line}
                </tspan>
              ))}
          </text>
        </g>
      );
    case 'picture':
      return <PictureView id={id} element={element} />;
    case 'sticker': {
      const { icon: Icon, colour } = STICKER_ICONS[element.sticker];
      const side = BOARD_SIZES[element.size] * 5;
      return (
        <g {...common}>
          <title>{element.sticker}</title>
          <Icon x={element.x - side / 2} y={element.y - side / 2} width={side} height={side} color={colour} fill={colour} fillOpacity={0.25} strokeWidth={2} />
        </g>
      );
    }
  }
});

function PictureView({ id, element }: { id: string; element: Extract<BoardElement, { kind: 'picture' }> }) {
  const { deviceToken } = useBoardAssets();
  const href = useFileUrl(`/api/exchange/${element.itemId}/file`, deviceToken);
  return (
    <g data-element-id={id} data-testid="wb-element" data-kind="picture">
      <rect x={element.x} y={element.y} width={element.w} height={element.h} fill="#f1f5f9" />
      {href && <image href={href} x={element.x} y={element.y} width={element.w} height={element.h} preserveAspectRatio="xMidYMid meet" />}
    </g>
  );
}
