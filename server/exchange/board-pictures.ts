// Which exchange pictures may go on a link's whiteboard: on its wall, approved by both
// sides and not flagged (board/call-boards.ts asks).
import { isPublished } from '../../shared/exchange.js';
import type { Models } from '../db/models.js';

export async function pictureMayGoOnBoard(models: Pick<Models, 'ExchangeItem'>, linkId: string, itemId: string): Promise<boolean> {
  const item = await models.ExchangeItem.findOne({ _id: itemId, linkId, kind: { $in: ['image', 'board'] }, deletedAt: { $exists: false } });
  return !!item && isPublished(item);
}
