// A teacher puts a piece of the link's wall on both classes' screens, beside the partner's
// video (presenter mode), or takes it off. Only work both teachers have let through.
import { isPublished } from '../../../shared/exchange';
import type { CallState } from '../../../shared/schemas/call';
import type { ExchangeWall } from '../../../shared/schemas/exchange';
import { useResource } from '../api/use-resource';
import type { CallSession } from './call-session';

export function PresentWorkControl({
  call,
  session,
  send,
  disabled,
}: {
  call: CallState;
  session: CallSession;
  send: (p: Promise<unknown>) => void;
  disabled: boolean;
}) {
  const { data: wall, reload } = useResource<ExchangeWall>(`/api/links/${call.linkId}/exchange`);
  const shown = call.presentingWork;
  if (shown) {
    return (
      <p className="present-work">
        Showing “{shown.title}” on both screens.{' '}
        <button
          type="button"
          className="secondary"
          data-testid="present-work-stop"
          onClick={() => send(session.request('call:present-work', { itemId: null }))}
        >
          Stop showing it
        </button>
      </p>
    );
  }
  const published = (wall?.items ?? []).filter(isPublished);
  return (
    <label className="present-work">
      Show a piece of work on both screens
      <select
        data-testid="present-work"
        value=""
        disabled={disabled || !wall}
        // Work let through since the call began: the list is fetched afresh as the teacher opens it.
        onFocus={reload}
        onChange={(e) => e.target.value && send(session.request('call:present-work', { itemId: e.target.value }))}
      >
        <option value="">{wall && published.length === 0 ? 'Nothing let through by both teachers yet' : 'Choose from the wall…'}</option>
        {published.map((item) => (
          <option key={item.id} value={item.id}>
            {item.title} ({item.fromSchoolName})
          </option>
        ))}
      </select>
    </label>
  );
}
