// The pictures classes put on the board and react with: lucide's icons in fixed colours,
// never emoji (which show as empty boxes on a classroom laptop without an emoji font).
import { Flag, Hand, Heart, House, PartyPopper, Smile, Sparkles, Star, Sun, TreePine, type LucideIcon } from 'lucide-react';
import type { StickerName } from '../../../shared/board/elements';
import type { REACTION_NAMES } from '../../../shared/schemas/exchange';

export interface PictureIcon {
  icon: LucideIcon;
  colour: string;
}

export const STICKER_ICONS: Record<StickerName, PictureIcon> = {
  star: { icon: Star, colour: '#c98f00' },
  heart: { icon: Heart, colour: '#c1121f' },
  smile: { icon: Smile, colour: '#b86e00' },
  sun: { icon: Sun, colour: '#d97706' },
  tree: { icon: TreePine, colour: '#2d6a4f' },
  house: { icon: House, colour: '#7a4a1f' },
  flag: { icon: Flag, colour: '#a4161a' },
  wave: { icon: Hand, colour: '#8d5524' },
};

export const REACTION_ICONS: Record<(typeof REACTION_NAMES)[number], PictureIcon> = {
  heart: { icon: Heart, colour: '#c1121f' },
  star: { icon: Star, colour: '#c98f00' },
  smile: { icon: Smile, colour: '#b86e00' },
  wow: { icon: Sparkles, colour: '#6a4c93' },
  clap: { icon: PartyPopper, colour: '#1d3557' },
};
