// The tools: big buttons with words and pictures, each saying whether it is chosen.
import { BOARD_COLOURS, BOARD_SIZES, STICKER_NAMES, type BoardColour, type BoardSize, type StickerName } from '../../../shared/board/elements';
import { ArrowUpRight, Circle, Eraser, Image, Minus, Pencil, Square, Star, StickyNote, Trash2, TriangleAlert, Type, type LucideIcon } from 'lucide-react';
import { useBoardTools, type BoardTool } from './board-tools-store';
import { STICKER_ICONS } from '../components/picture-icons';

// lucide's icons, not emoji: emoji show as empty boxes where no emoji font is installed.
const TOOLS: { tool: BoardTool; label: string; icon: LucideIcon }[] = [
  { tool: 'pen', label: 'Pen', icon: Pencil },
  { tool: 'eraser', label: 'Eraser', icon: Eraser },
  { tool: 'rect', label: 'Box', icon: Square },
  { tool: 'ellipse', label: 'Circle', icon: Circle },
  { tool: 'line', label: 'Line', icon: Minus },
  { tool: 'arrow', label: 'Arrow', icon: ArrowUpRight },
  { tool: 'text', label: 'Words', icon: Type },
  { tool: 'sticky', label: 'Note', icon: StickyNote },
  { tool: 'sticker', label: 'Sticker', icon: Star },
  { tool: 'picture', label: 'Picture', icon: Image },
];
const SIZE_WORDS: Record<BoardSize, string> = { thin: 'Thin', medium: 'Medium', thick: 'Thick' };

export function BoardToolbar({ disabled, canRemove, onUndo, onRedo }: { disabled: boolean; canRemove: boolean; onUndo: () => void; onRedo: () => void }) {
  const { tool, colour, size, sticker, set } = useBoardTools();
  const tools = canRemove
    ? [
        ...TOOLS,
        { tool: 'remove' as const, label: 'Remove (teacher)', icon: Trash2 },
        { tool: 'concern' as const, label: 'Raise a concern (teacher)', icon: TriangleAlert },
      ]
    : TOOLS;
  return (
    <div className="wb-toolbar" role="toolbar" aria-label="Drawing tools">
      <div className="wb-group" role="group" aria-label="Tool">
        {tools.map((t) => (
          <button
            key={t.tool}
            type="button"
            data-testid={`wb-tool-${t.tool}`}
            aria-pressed={tool === t.tool}
            disabled={disabled}
            onClick={() => set({ tool: t.tool })}
          >
            <t.icon aria-hidden="true" size={20} className="button-icon" /> {t.label}
          </button>
        ))}
      </div>
      <div className="wb-group" role="group" aria-label="Colour">
        {(Object.keys(BOARD_COLOURS) as BoardColour[]).map((c) => (
          <button
            key={c}
            type="button"
            className="wb-swatch"
            style={{ background: BOARD_COLOURS[c] }}
            aria-label={c}
            aria-pressed={colour === c}
            disabled={disabled}
            onClick={() => set({ colour: c })}
          />
        ))}
      </div>
      <div className="wb-group" role="group" aria-label="Size">
        {(Object.keys(BOARD_SIZES) as BoardSize[]).map((s) => (
          <button key={s} type="button" aria-pressed={size === s} disabled={disabled} onClick={() => set({ size: s })}>
            <span className="wb-dot" style={{ width: BOARD_SIZES[s], height: BOARD_SIZES[s] }} aria-hidden="true" /> {SIZE_WORDS[s]}
          </button>
        ))}
      </div>
      {tool === 'sticker' && (
        <div className="wb-group" role="group" aria-label="Sticker">
          {STICKER_NAMES.map((s) => (
            <button key={s} type="button" aria-label={s} aria-pressed={sticker === s} disabled={disabled} onClick={() => set({ sticker: s })}>
              <StickerIcon name={s} />
            </button>
          ))}
        </div>
      )}
      <div className="wb-group" role="group" aria-label="Undo">
        <button type="button" data-testid="wb-undo" disabled={disabled} onClick={onUndo}>
          ↶ Undo
        </button>
        <button type="button" data-testid="wb-redo" disabled={disabled} onClick={onRedo}>
          ↷ Redo
        </button>
      </div>
    </div>
  );
}

function StickerIcon({ name }: { name: StickerName }) {
  const { icon: Icon, colour } = STICKER_ICONS[name];
  return <Icon aria-hidden="true" size={24} color={colour} />;
}
