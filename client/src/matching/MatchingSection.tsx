// Matching: the coordinator sets the weights, runs the exact matching, reads why each pair
// was proposed and why a class was left out, locks, swaps or removes pairs and runs again
// around them, then confirms the proposals they want as links.
import { useEffect, useMemo, useState } from 'react';
import {
  DEFAULT_MATCHING_WEIGHTS,
  MATCHING_WEIGHT_LABELS,
  MATCHING_FEE_PENCE,
  optimalityGapPercent,
  pounds,
  type MatchingRunRequest,
  type MatchingRunView,
  type MatchingWeights,
  type MatchProposal,
} from '../../../shared/schemas/matching';
import type { EoiView } from '../../../shared/schemas/eoi';
import { api } from '../api/http';
import type { Programme } from '../api/types';
import { useResource } from '../api/use-resource';
import { FormError } from '../components/FormError';
import { useAction } from '../components/use-form-action';
import { MatchingMap } from './MatchingMap';

type Pair = [string, string];
const samePair = (p: readonly string[], q: readonly string[]) => (p[0] === q[0] && p[1] === q[1]) || (p[0] === q[1] && p[1] === q[0]);
/** The list without the pair p (in either order). */
const without = (list: readonly Pair[], p: readonly string[]) => list.filter((q) => !samePair(q, p));

export function MatchingSection({ programme, eois, onConfirmed }: { programme: Programme; eois: readonly EoiView[]; onConfirmed: () => void }) {
  const latest = useResource<MatchingRunView | null>(`/api/programmes/${programme.id}/matching`);
  const [run, setRun] = useState<MatchingRunView | null>(null);
  const [weights, setWeights] = useState<MatchingWeights>(DEFAULT_MATCHING_WEIGHTS);
  const [locked, setLocked] = useState<Pair[]>([]);
  const [removed, setRemoved] = useState<Pair[]>([]);
  const [unchosen, setUnchosen] = useState<Pair[]>([]);
  const [swap, setSwap] = useState<Pair[]>([]);
  const action = useAction();
  // What is being done, for the progress line; shown while the action is busy.
  const [doing, setDoing] = useState('');
  const busy = action.busy ? doing : undefined;
  const [done, setDone] = useState<string>();

  useEffect(() => {
    if (!latest.data || run) return;
    setRun(latest.data);
    setWeights({ ...DEFAULT_MATCHING_WEIGHTS, ...latest.data.request.weights });
    setLocked(latest.data.request.locked);
    setRemoved(latest.data.request.removed);
  }, [latest.data, run]);

  const act = (label: string, work: () => Promise<void>) => {
    setDoing(label);
    setDone(undefined);
    return action.run(work);
  };
  const runWith = (request: MatchingRunRequest) =>
    act(run ? `Matching ${run.objective.classes} classes…` : 'Matching classes…', async () => {
      const res = await api.post<MatchingRunView>(`/api/programmes/${programme.id}/matching/run`, request);
      setRun(res);
      setLocked(res.request.locked);
      setRemoved(res.request.removed);
      setUnchosen([]);
      setSwap([]);
    });
  const rerun = (change: Partial<MatchingRunRequest> = {}) => runWith({ weights, locked, removed, ...change });

  const classById = useMemo(() => new Map(run?.classes.map((c) => [c.classId, c])), [run]);
  const classOf = (id: string) => classById.get(id);
  const describe = (id: string) => {
    const c = classOf(id);
    return c ? `${c.schoolName} ${c.yearGroup} (class ${id.split(':')[2]})` : id;
  };
  const chosen = (p: MatchProposal) => !unchosen.some((q) => samePair(q, p.classIds));
  const toConfirm = run?.proposals.filter((p) => !p.confirmed && chosen(p)) ?? [];
  /** The swap of two links' partners that keeps every pair between two schools. */
  const swapPairs = (): Pair[] => {
    const [[a1, b1], [a2, b2]] = swap as [Pair, Pair];
    const school = (id: string) => classOf(id)?.schoolName;
    const apart = (pairs: Pair[]) => pairs.every(([x, y]) => school(x) !== school(y));
    const crossed: Pair[] = [
      [a1, b2],
      [a2, b1],
    ];
    return apart(crossed)
      ? crossed
      : [
          [a1, a2],
          [b1, b2],
        ];
  };
  const objective = run?.objective;

  return (
    <section aria-labelledby="matching-h">
      <h2 id="matching-h">Matching</h2>
      <p className="muted">
        Links as many classes as possible first; then, among those matchings, the one with the most points under these weights. The answer is exact: it is
        proved optimal, or says how far it could be from the best.
      </p>
      <fieldset className="wide weights">
        <legend>Weights (0: does not count, 10: counts most)</legend>
        {(Object.keys(MATCHING_WEIGHT_LABELS) as (keyof MatchingWeights)[]).map((key) => (
          <label key={key}>
            {MATCHING_WEIGHT_LABELS[key]}: <strong>{weights[key]}</strong>
            <input
              type="range"
              min={0}
              max={10}
              step={1}
              value={weights[key]}
              data-testid={`matching-weight-${key}`}
              onChange={(e) => setWeights({ ...weights, [key]: Number(e.target.value) })}
            />
          </label>
        ))}
      </fieldset>
      <p className="actions">
        <button type="button" data-testid="matching-run" disabled={!!busy} onClick={() => void rerun()}>
          {run ? 'Run the matching again' : 'Run the matching'}
        </button>
      </p>
      {busy && (
        <p role="status">
          <progress aria-label={busy} /> {busy}
        </p>
      )}
      <FormError message={action.error ?? latest.error} />
      {done && <p role="status">{done}</p>}
      {run && objective && (
        <>
          <p data-testid="matching-summary">
            <strong>
              {objective.linked} of {objective.classes} classes linked
            </strong>{' '}
            in {run.proposals.length} links · {objective.points} points ·{' '}
            {objective.optimal
              ? 'proved optimal'
              : `within ${optimalityGapPercent(objective)} % of the best possible (at most ${objective.bound} points; the search stopped at its limit)`}{' '}
            · run {new Date(run.ranAt).toLocaleString()}
          </p>
          {run.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <MatchingMap result={run} eois={eois} />
          {(locked.length > 0 || removed.length > 0) && (
            <ul className="chips" aria-label="Locked and removed pairs">
              {locked.map((p) => (
                <li key={`l${p.join()}`}>
                  Locked: {describe(p[0])} with {describe(p[1])}{' '}
                  <button type="button" className="link-button" disabled={!!busy} onClick={() => void rerun({ locked: without(locked, p) })}>
                    unlock
                  </button>
                </li>
              ))}
              {removed.map((p) => (
                <li key={`r${p.join()}`}>
                  Removed: {describe(p[0])} with {describe(p[1])}{' '}
                  <button type="button" className="link-button" disabled={!!busy} onClick={() => void rerun({ removed: without(removed, p) })}>
                    allow again
                  </button>
                </li>
              ))}
            </ul>
          )}
          <table data-testid="matching-proposals">
            <caption>Proposed links</caption>
            <thead>
              <tr>
                <th scope="col">Confirm</th>
                <th scope="col">Class</th>
                <th scope="col">With</th>
                <th scope="col">Points</th>
                <th scope="col">Why</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {run.proposals.map((p) => {
                const id = p.classIds.join('+');
                const isLocked = locked.some((q) => samePair(q, p.classIds));
                const inSwap = swap.some((q) => samePair(q, p.classIds));
                const pairName = `${describe(p.classIds[0])} with ${describe(p.classIds[1])}`;
                return (
                  <tr key={id} data-testid="matching-proposal">
                    <td>
                      {p.confirmed ? (
                        <span className="badge confirmed">confirmed</span>
                      ) : (
                        <input
                          type="checkbox"
                          aria-label={`Confirm ${pairName}`}
                          checked={chosen(p)}
                          onChange={(e) => setUnchosen(e.target.checked ? without(unchosen, p.classIds) : [...unchosen, p.classIds])}
                        />
                      )}
                    </td>
                    <td>{describe(p.classIds[0])}</td>
                    <td>{describe(p.classIds[1])}</td>
                    <td>{p.score}</td>
                    <td>
                      <ul className="reasons">
                        {p.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    </td>
                    <td className="row-actions">
                      {!p.confirmed && (
                        <>
                          <button
                            type="button"
                            data-testid="matching-lock"
                            aria-label={`${isLocked ? 'Unlock' : 'Lock'} ${pairName}`}
                            disabled={!!busy}
                            onClick={() => void rerun({ locked: isLocked ? without(locked, p.classIds) : [...locked, p.classIds] })}
                          >
                            {isLocked ? 'Unlock' : 'Lock'}
                          </button>
                          <button
                            type="button"
                            data-testid="matching-remove"
                            aria-label={`Remove ${pairName}`}
                            disabled={!!busy || isLocked}
                            onClick={() => void rerun({ removed: [...removed, p.classIds] })}
                          >
                            Remove
                          </button>
                          <label className="check">
                            <input
                              type="checkbox"
                              data-testid="matching-swap-pick"
                              aria-label={`Pick ${pairName} for a swap`}
                              checked={inSwap}
                              disabled={!inSwap && swap.length >= 2}
                              onChange={(e) => setSwap(e.target.checked ? [...swap, p.classIds] : without(swap, p.classIds))}
                            />{' '}
                            swap
                          </label>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="actions">
            <button
              type="button"
              data-testid="matching-swap"
              disabled={!!busy || swap.length !== 2}
              onClick={() => void rerun({ locked: [...locked.filter((q) => !swap.some((s) => samePair(s, q))), ...swapPairs()] })}
            >
              Swap the partners of the two picked links, lock them, and run again
            </button>
            <button
              type="button"
              data-testid="matching-confirm"
              disabled={!!busy || toConfirm.length === 0}
              onClick={() =>
                void act('Confirming…', async () => {
                  const res = await api.post<{ links: unknown[]; feesDue: { schoolName: string }[] }>(`/api/programmes/${programme.id}/matching/confirm`, {
                    pairs: toConfirm.map((p) => p.classIds),
                  });
                  setDone(
                    `${res.links.length} link${res.links.length === 1 ? '' : 's'} confirmed.${res.feesDue.length ? ` The ${pounds(MATCHING_FEE_PENCE)} fee is now due from ${res.feesDue.map((f) => f.schoolName).join(', ')}.` : ''}`,
                  );
                  const confirmed = new Set(toConfirm);
                  setRun({ ...run, proposals: run.proposals.map((p) => (confirmed.has(p) ? { ...p, confirmed: true } : p)) });
                  // Confirmed classes are left out of later runs: forget locks and removals naming them.
                  const linkedIds = new Set(toConfirm.flatMap((p) => p.classIds));
                  const open = (pairs: Pair[]) => pairs.filter((q) => !q.some((id) => linkedIds.has(id)));
                  setLocked(open(locked));
                  setRemoved(open(removed));
                  onConfirmed();
                })
              }
            >
              Confirm {toConfirm.length} link{toConfirm.length === 1 ? '' : 's'}
            </button>
          </p>
          {run.unmatched.length > 0 && (
            <>
              <h3>Not linked ({run.unmatched.length})</h3>
              <ul data-testid="matching-unmatched">
                {run.unmatched.map((u) => (
                  <li key={u.classId}>
                    <strong>{describe(u.classId)}</strong>: {u.reasons.join('; ')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
