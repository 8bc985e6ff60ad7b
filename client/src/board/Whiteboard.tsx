// The drawing surface: the board's elements, others' cursors, and what this participant is
// drawing right now. Sized for a projector and small hands: big targets, few choices.
import { useEffect, useReducer, useRef, useState, type MutableRefObject, type PointerEvent as ReactPointerEvent } from 'react';
import {
  BOARD_COLOURS,
  BOARD_HEIGHT,
  BOARD_WIDTH,
  MAX_BOARD_TEXT_CHARS,
  MAX_STROKE_POINTS,
  type BoardColour,
  type BoardElement,
  type BoardSize,
} from '../../../shared/board/elements';
import type { Awareness } from 'y-protocols/awareness';
import type { AwarenessState } from '../../../shared/schemas/board';
import type { BoardConnection } from './board-connection';
import { BoardElementView, STICKY_H, STICKY_W } from './BoardElementView';
import { nanoid } from 'nanoid';
import { useBoardTools } from './board-tools-store';
import { strokePath } from './stroke-path';

type Point = { x: number; y: number };
type Draft = { kind: 'text' | 'sticky'; x: number; y: number; value: string };

// Not crypto.randomUUID: a school server reached over plain http is not a secure context,
// and Firefox then has no randomUUID (nanoid needs only getRandomValues).
const newId = () => nanoid();
const SHAPE_TOOLS = ['rect', 'ellipse', 'line', 'arrow'] as const;
const isShapeTool = (t: string): t is (typeof SHAPE_TOOLS)[number] => (SHAPE_TOOLS as readonly string[]).includes(t);
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

export function Whiteboard({
  board,
  readOnly,
  onRemove,
  onConcern,
}: {
  board: BoardConnection;
  readOnly: boolean;
  onRemove: (elementId: string) => void;
  onConcern?: (elementId: string) => void;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const { tool, colour, size, sticker } = useBoardTools();
  // The stroke being drawn lives in a ref and its own small component, so that a pointer
  // move redraws one path, not the board (pen lag grows with the board otherwise).
  const points = useRef<number[] | null>(null);
  const showLive = useRef<(p: number[] | null) => void>(() => undefined);
  const setPoints = (p: number[] | null) => {
    points.current = p;
    showLive.current(p);
  };
  const [shapeFrom, setShapeFrom] = useState<Point | null>(null);
  const [shapeTo, setShapeTo] = useState<Point | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);

  const elements = [...board.elements.entries()].sort(([, a], [, b]) => a.z - b.z);
  const topZ = () => (elements.at(-1)?.[1].z ?? 0) + 1;

  const toBoard = (e: { clientX: number; clientY: number }): Point => {
    const svg = svgRef.current!;
    const m = svg.getScreenCTM();
    if (!m) return { x: 0, y: 0 };
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return { x: clamp(p.x, -100, BOARD_WIDTH + 100), y: clamp(p.y, -100, BOARD_HEIGHT + 100) };
  };
  const elementAt = (e: { clientX: number; clientY: number }) =>
    (document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-element-id]') as SVGElement | null)?.dataset.elementId;

  const put = (element: BoardElement) => board.put(newId(), element);

  function down(e: ReactPointerEvent<SVGSVGElement>) {
    if (readOnly || draft) return;
    // No mouse-down focus change: the words box about to open keeps the focus.
    e.preventDefault();
    const p = toBoard(e);
    if (tool === 'remove' || tool === 'concern') {
      const id = elementAt(e);
      if (id) (tool === 'remove' ? onRemove : onConcern)?.(id);
      return;
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    if (tool === 'pen') setPoints([p.x, p.y, Math.round((e.pressure || 0.5) * 100)]);
    else if (tool === 'eraser') erase(e);
    else if (isShapeTool(tool)) {
      setShapeFrom(p);
      setShapeTo(p);
    } else if (tool === 'text' || tool === 'sticky') setDraft({ kind: tool, x: p.x, y: p.y, value: '' });
    else if (tool === 'sticker') put({ kind: 'sticker', x: p.x, y: p.y, sticker, size, z: topZ() });
  }

  function erase(e: { clientX: number; clientY: number }) {
    const id = elementAt(e);
    if (id) board.remove(id);
  }

  function move(e: ReactPointerEvent<SVGSVGElement>) {
    const p = toBoard(e);
    board.setCursor(p);
    if (readOnly) return;
    if (points.current) {
      // Firefox may give an empty list (for a pointer moved by its remote protocol, and some
      // pens): then the event itself is the only point, or the stroke would have just one.
      const coalesced = e.nativeEvent.getCoalescedEvents?.() ?? [];
      const events = coalesced.length > 0 ? coalesced : [e.nativeEvent];
      const more = events.flatMap((ev) => {
        const q = toBoard(ev);
        return [q.x, q.y, Math.round((ev.pressure || 0.5) * 100)];
      });
      const prev = points.current;
      if (prev.length / 3 < MAX_STROKE_POINTS) setPoints([...prev, ...more].slice(0, MAX_STROKE_POINTS * 3));
    } else if (shapeFrom) setShapeTo(p);
    else if (tool === 'eraser' && e.buttons === 1) erase(e);
  }

  function up() {
    const drawn = points.current;
    if (drawn && drawn.length >= 3) put({ kind: 'stroke', points: drawn, colour, size, z: topZ() });
    // The shape as previewed, unless it is too small to have been meant.
    if (preview && Math.abs(preview.w) + Math.abs(preview.h) > 8) put({ ...preview, z: topZ() });
    setPoints(null);
    setShapeFrom(null);
    setShapeTo(null);
  }

  function placeDraft() {
    if (draft && draft.value.trim()) {
      if (draft.kind === 'text') put({ kind: 'text', x: draft.x, y: draft.y, text: draft.value.trim(), colour, size, z: topZ() });
      else put({ kind: 'sticky', x: draft.x, y: draft.y, text: draft.value.trim(), colour: colour === 'black' ? 'yellow' : colour, z: topZ() });
    }
    setDraft(null);
  }

  const preview: Extract<BoardElement, { kind: 'shape' }> | null =
    shapeFrom && shapeTo && isShapeTool(tool)
      ? { kind: 'shape', shape: tool, x: shapeFrom.x, y: shapeFrom.y, w: shapeTo.x - shapeFrom.x, h: shapeTo.y - shapeFrom.y, colour, size, z: 0 }
      : null;

  return (
    <div className="wb-surface-wrap">
      <svg
        ref={svgRef}
        data-testid="whiteboard"
        className={`wb-surface tool-${tool}${readOnly ? ' read-only' : ''}`}
        viewBox={`0 0 ${BOARD_WIDTH} ${BOARD_HEIGHT}`}
        role="img"
        aria-label={`Shared whiteboard with ${elements.length} ${elements.length === 1 ? 'drawing' : 'drawings'}${readOnly ? ', locked' : ''}`}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={() => board.setCursor(null)}
      >
        <defs>
          {Object.entries(BOARD_COLOURS).map(([name, value]) => (
            <marker key={name} id={`arrow-${name}`} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={value} />
            </marker>
          ))}
        </defs>
        <rect width={BOARD_WIDTH} height={BOARD_HEIGHT} fill="#ffffff" />
        {elements.map(([id, element]) => (
          <BoardElementView key={id} id={id} element={element} />
        ))}
        {preview && <BoardElementView id="preview" element={preview} />}
        <LiveStroke register={showLive} colour={colour} size={size} />
        {draft?.kind === 'sticky' && <rect x={draft.x} y={draft.y} width={STICKY_W} height={STICKY_H} fill="#fde68a" opacity={0.6} />}
        {!board.state?.cursorsHidden && <Cursors awareness={board.awareness} ownId={board.doc.clientID} />}
      </svg>
      {draft && (
        <form
          className="wb-draft"
          style={{ left: `${(draft.x / BOARD_WIDTH) * 100}%`, top: `${(draft.y / BOARD_HEIGHT) * 100}%` }}
          onSubmit={(e) => {
            e.preventDefault();
            placeDraft();
          }}
        >
          <label className="visually-hidden" htmlFor="wb-draft-input">
            {draft.kind === 'text' ? 'Words to put on the board' : 'Words for the sticky note'}
          </label>
          <input
            id="wb-draft-input"
            data-testid="wb-text-input"
            autoFocus
            maxLength={MAX_BOARD_TEXT_CHARS}
            value={draft.value}
            onChange={(e) => setDraft({ ...draft, value: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}
            onBlur={placeDraft}
          />
        </form>
      )}
    </div>
  );
}

/** The stroke under the pen, redrawn on its own as the pointer moves. */
function LiveStroke({ register, colour, size }: { register: MutableRefObject<(p: number[] | null) => void>; colour: BoardColour; size: BoardSize }) {
  const [points, setPoints] = useState<number[] | null>(null);
  useEffect(() => {
    register.current = setPoints;
    return () => {
      register.current = () => undefined;
    };
  }, [register]);
  return points ? <path d={strokePath(points, size)} fill={BOARD_COLOURS[colour]} opacity={0.8} /> : null;
}

/** Others' pointers, redrawn on their own as they move (not the whole board). */
function Cursors({ awareness, ownId }: { awareness: Awareness; ownId: number }) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const onChange = (_change: unknown, origin: unknown) => origin !== 'local' && redraw();
    awareness.on('change', onChange);
    return () => awareness.off('change', onChange);
  }, [awareness]);
  const cursors = [...awareness.getStates().entries()].flatMap(([id, s]) => {
    const st = s as Partial<AwarenessState>;
    return id !== ownId && st.cursor && st.name ? [{ id, name: st.name, ...st.cursor }] : [];
  });
  return cursors.map((c) => (
    <g key={c.id} className="wb-cursor" transform={`translate(${c.x} ${c.y})`} aria-hidden="true">
      <path d="M0,0 L0,26 L7,19 L13,31 L18,28 L12,17 L22,17 z" fill="#111827" stroke="#fff" strokeWidth={2} />
      <text x={24} y={34} fontSize={20} fill="#111827" stroke="#fff" strokeWidth={4} paintOrder="stroke">
        {c.name}
      </text>
    </g>
  ));
}
