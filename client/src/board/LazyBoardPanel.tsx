// The board's code (Yjs and its drawing surface) is fetched only when a board is opened:
// a teacher's call page and a class's screen show their partner first (bench:join).
import { lazy, Suspense, type ComponentProps } from 'react';

const BoardPanel = lazy(() => import('./BoardPanel').then((m) => ({ default: m.BoardPanel })));

export function LazyBoardPanel(props: ComponentProps<typeof BoardPanel>) {
  return (
    <Suspense fallback={<p role="status">Opening the board…</p>}>
      <BoardPanel {...props} />
    </Suspense>
  );
}
