// Expressions of interest: the coordinator enters each school's form (the Lancashire
// fields and its three questions) and sees them all; a school sending again replaces its
// earlier one.
import { useState } from 'react';
import type { EoiInput, EoiView } from '../../../../shared/schemas/eoi';
import { YEAR_GROUPS, type YearGroup } from '../../../../shared/year-groups';
import { api } from '../../api/http';
import type { Programme } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { FormError } from '../../components/FormError';
import { useFormAction } from '../../components/use-form-action';

const EMPTY = { schoolName: '', telephone: '', email: '', headTeacher: '', preferredKind: '', keepPartnerSchoolName: '', comments: '' };

function YesNo({ name, label, value, onChange }: { name: string; label: string; value: boolean | undefined; onChange: (v: boolean) => void }) {
  return (
    <fieldset className="wide">
      <legend>{label}</legend>
      {[true, false].map((v) => (
        <label key={String(v)} className="check">
          <input type="radio" name={name} required checked={value === v} onChange={() => onChange(v)} /> {v ? 'Yes' : 'No'}
        </label>
      ))}
    </fieldset>
  );
}

export function EoiSection({ programme, refreshKey = 0 }: { programme: Programme; refreshKey?: number }) {
  const eois = useResource<EoiView[]>(`/api/programmes/${programme.id}/eois`, refreshKey);
  const { reload } = eois;
  const [feeError, setFeeError] = useState<string>();
  const markPaid = async (e: EoiView, paid: boolean) => {
    setFeeError(undefined);
    try {
      await api.patch(`/api/eois/${e.id}`, { feePaid: paid });
      reload();
    } catch (err) {
      setFeeError(err instanceof Error ? err.message : String(err));
    }
  };
  const [text, setText] = useState(EMPTY);
  const [counts, setCounts] = useState<Partial<Record<YearGroup, number>>>({});
  const [closeness, setCloseness] = useState<boolean>();
  const [notEssential, setNotEssential] = useState<boolean>();
  const [alternatives, setAlternatives] = useState<YearGroup[]>([]);
  const [saved, setSaved] = useState<string>();
  const field = (key: keyof typeof EMPTY) => ({ value: text[key], onChange: (e: { target: { value: string } }) => setText({ ...text, [key]: e.target.value }) });
  const { error, busy, onSubmit } = useFormAction(async () => {
    setSaved(undefined);
    const body: EoiInput = {
      schoolName: text.schoolName,
      telephone: text.telephone,
      email: text.email,
      headTeacher: text.headTeacher,
      classes: YEAR_GROUPS.filter((y) => counts[y]).map((y) => ({ yearGroup: y, count: counts[y]! })),
      closenessMatters: closeness!,
      exactYearNotEssential: notEssential!,
      alternativeYearGroups: notEssential ? [] : alternatives,
      ...(text.preferredKind ? { preferredKind: text.preferredKind } : {}),
      ...(text.keepPartnerSchoolName ? { keepPartnerSchoolName: text.keepPartnerSchoolName } : {}),
      ...(text.comments ? { comments: text.comments } : {}),
    };
    const res = await api.post<EoiView>(`/api/programmes/${programme.id}/eois`, body);
    setSaved(res.submissions > 1 ? `${res.schoolName}'s new form replaced its earlier one.` : `${res.schoolName}'s expression of interest was saved.`);
    setText(EMPTY);
    setCounts({});
    setAlternatives([]);
    eois.reload();
  });
  return (
    <section aria-labelledby="eoi-h">
      <h2 id="eoi-h">Expressions of interest ({eois.data?.length ?? 0})</h2>
      {eois.error && <p role="alert">{eois.error}</p>}
      <FormError message={feeError} />
      {eois.data && eois.data.length > 0 && (
        <table data-testid="eoi-list">
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Classes</th>
              <th scope="col">Close by matters</th>
              <th scope="col">Year groups</th>
              <th scope="col">Keep partner</th>
              <th scope="col">Fee</th>
            </tr>
          </thead>
          <tbody>
            {eois.data.map((e) => (
              <tr key={e.id}>
                <td>
                  {e.schoolName}
                  <div className="muted">
                    {e.headTeacher} · {e.email} · {e.telephone}
                  </div>
                </td>
                <td>{e.classes.map((c) => `${c.count} × ${c.yearGroup}`).join(', ')}</td>
                <td>{e.closenessMatters ? 'yes' : 'no'}</td>
                <td>{e.exactYearNotEssential ? '±1 year is fine' : `exact${e.alternativeYearGroups.length ? `, or ours: ${e.alternativeYearGroups.join(', ')}` : ''}`}</td>
                <td>{e.keepPartnerSchoolName ?? '–'}</td>
                <td data-testid="eoi-fee">
                  {!e.fee ? (
                    <span className="muted">due when a link is confirmed</span>
                  ) : e.fee.paidAt ? (
                    <>
                      £{e.fee.amountPence / 100} paid {new Date(e.fee.paidAt).toLocaleDateString()}{' '}
                      <button type="button" className="link-button" onClick={() => void markPaid(e, false)}>
                        undo
                      </button>
                    </>
                  ) : (
                    <>
                      <strong>£{e.fee.amountPence / 100} due</strong>{' '}
                      <button type="button" data-testid="eoi-fee-paid" onClick={() => void markPaid(e, true)}>
                        Mark paid
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={onSubmit} aria-label="Enter an expression of interest">
        <h3>Enter a school's form</h3>
        <label>
          School name
          <input required maxLength={200} {...field('schoolName')} />
        </label>
        <label>
          Telephone
          <input required type="tel" {...field('telephone')} />
        </label>
        <label>
          Email
          <input required type="email" {...field('email')} />
        </label>
        <label>
          Head teacher
          <input required maxLength={200} {...field('headTeacher')} />
        </label>
        <fieldset className="wide groups">
          <legend>Year groups to link, and the number of classes in each</legend>
          {YEAR_GROUPS.map((y) => (
            <label key={y} className="check">
              {y}{' '}
              <input type="number" min={0} max={10} value={counts[y] ?? 0} aria-label={`Classes in ${y}`} onChange={(e) => setCounts({ ...counts, [y]: Number(e.target.value) })} style={{ width: '4rem' }} />
            </label>
          ))}
        </fieldset>
        <label className="wide">
          The kind of school they would like to link with
          <textarea rows={2} maxLength={1000} {...field('preferredKind')} />
        </label>
        <YesNo name="closeness" label="(1) Being geographically close to our link is more important than matching our other preferences." value={closeness} onChange={setCloseness} />
        <YesNo name="not-essential" label="(2) An exact year group match is not essential for us (we would link our Y4 with a Y3 or Y5 class)." value={notEssential} onChange={setNotEssential} />
        {notEssential === false && (
          <fieldset className="wide groups">
            <legend>(3) Alternative year groups from our school we would link instead</legend>
            {YEAR_GROUPS.map((y) => (
              <label key={y} className="check">
                <input type="checkbox" checked={alternatives.includes(y)} onChange={(e) => setAlternatives(e.target.checked ? [...alternatives, y] : alternatives.filter((a) => a !== y))} /> {y}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          Existing partner school to keep (optional)
          <input maxLength={200} {...field('keepPartnerSchoolName')} />
        </label>
        <label className="wide">
          Comments
          <textarea rows={2} maxLength={2000} {...field('comments')} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save the expression of interest'}
        </button>
        <FormError message={error} />
        {saved && <p role="status">{saved}</p>}
      </form>
    </section>
  );
}
