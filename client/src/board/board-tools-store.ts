// The drawing tool chosen on this device: kept across board switches, never shared.
import { create } from 'zustand';
import type { BoardColour, BoardSize, StickerName } from '../../../shared/board/elements';

export type BoardTool = 'pen' | 'eraser' | 'rect' | 'ellipse' | 'line' | 'arrow' | 'text' | 'sticky' | 'sticker' | 'picture' | 'remove' | 'concern';

interface BoardToolsState {
  tool: BoardTool;
  colour: BoardColour;
  size: BoardSize;
  sticker: StickerName;
  set: (change: Partial<Omit<BoardToolsState, 'set'>>) => void;
}

export const useBoardTools = create<BoardToolsState>((set) => ({
  tool: 'pen',
  colour: 'blue',
  size: 'medium',
  sticker: 'star',
  set: (change) => set(change),
}));
