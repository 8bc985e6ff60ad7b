// Opens a board for as long as the component is shown, reopens it after a dropped
// connection, and re-renders when the document or the settings change.
import { useEffect, useReducer, useState } from 'react';
import type { BoardKind } from '../../../shared/schemas/board';
import { BoardConnection, type BoardTransport } from './board-connection';

export const REOPEN_RETRY_MS = 500;
const REOPEN_ATTEMPTS = 10;

export function useBoard(transport: BoardTransport, kind: BoardKind, name: string, connected: boolean) {
  const [board, setBoard] = useState<BoardConnection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    setError(null);
    let current: BoardConnection | null = null;
    const watch = () => {
      // Pointers are redrawn by the board's Cursors component alone.
      current?.doc.on('update', redraw);
    };
    const b = new BoardConnection(transport, kind, name, {
      onState: redraw,
      onRefused: (message) => setError(message),
      onDocReplaced: () => {
        watch();
        redraw();
      },
    });
    current = b;
    watch();
    setBoard(b);
    return () => {
      b.close();
      setBoard(null);
    };
  }, [transport, kind, name]);

  // (Re)open whenever the connection is (back) up: the handshake sends offline edits. Right
  // after a reconnect the call may not have taken us back yet, so "not in call" is retried.
  useEffect(() => {
    if (!board || !connected) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = (left: number) => {
      board.open().then(
        () => setError(null),
        (err: Error & { code?: string }) => {
          if (stopped) return;
          if (err.code === 'not-in-call' && left > 0) timer = setTimeout(() => attempt(left - 1), REOPEN_RETRY_MS);
          else setError(err.message);
        },
      );
    };
    attempt(REOPEN_ATTEMPTS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [board, connected]);

  return { board, error, clearError: () => setError(null) };
}
