// The expression-of-interest form, with the fields of the Lancashire form and its three
// questions: used by the coordinator on the dashboard and by schools on the public form.
import { useState } from 'react';
import type { EoiInput } from '../../../shared/schemas/eoi';
import { YEAR_GROUPS, type YearGroup } from '../../../shared/year-groups';
import { FieldError, FormError } from './FormError';
import { useFormAction } from './use-form-action';

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

/** `send` stores the form and returns the sentence to show once it is saved. */
export function EoiForm({
  title,
  submitLabel,
  knownSchools,
  send,
}: {
  title: string;
  submitLabel: string;
  knownSchools?: string[];
  send: (body: EoiInput) => Promise<string>;
}) {
  const [text, setText] = useState(EMPTY);
  const [counts, setCounts] = useState<Partial<Record<YearGroup, number>>>({});
  const [closeness, setCloseness] = useState<boolean>();
  const [notEssential, setNotEssential] = useState<boolean>();
  const [alternatives, setAlternatives] = useState<YearGroup[]>([]);
  const [saved, setSaved] = useState<string>();
  const field = (key: keyof typeof EMPTY) => ({
    value: text[key],
    onChange: (e: { target: { value: string } }) => setText({ ...text, [key]: e.target.value }),
  });
  const { error, fieldErrors, busy, onSubmit } = useFormAction(async () => {
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
    setSaved(await send(body));
    setText(EMPTY);
    setCounts({});
    setAlternatives([]);
  });
  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label={title}>
      <h3>{title}</h3>
      <label>
        School name
        <input required maxLength={200} {...field('schoolName')} aria-invalid={!!fieldErrors.schoolName} />
        <FieldError message={fieldErrors.schoolName} />
      </label>
      <label>
        Telephone
        <input required type="tel" {...field('telephone')} aria-invalid={!!fieldErrors.telephone} />
        <FieldError message={fieldErrors.telephone} />
      </label>
      <label>
        Email
        <input required type="email" {...field('email')} aria-invalid={!!fieldErrors.email} />
        <FieldError message={fieldErrors.email} />
      </label>
      <label>
        Head teacher
        <input required maxLength={200} {...field('headTeacher')} aria-invalid={!!fieldErrors.headTeacher} />
        <FieldError message={fieldErrors.headTeacher} />
      </label>
      <fieldset className="wide groups">
        <legend>Year groups to link, and the number of classes in each</legend>
        <FieldError message={fieldErrors.classes} />
        {YEAR_GROUPS.map((y) => (
          <label key={y} className="check">
            {y}{' '}
            <input
              type="number"
              min={0}
              max={10}
              value={counts[y] ?? 0}
              aria-label={`Classes in ${y}`}
              onChange={(e) => setCounts({ ...counts, [y]: Number(e.target.value) })}
              style={{ width: '4rem' }}
            />
          </label>
        ))}
      </fieldset>
      <label className="wide">
        The kind of school you would like to link with
        <textarea rows={2} maxLength={1000} {...field('preferredKind')} />
      </label>
      <YesNo
        name="closeness"
        label="(1) Being geographically close to our link is more important than matching our other preferences."
        value={closeness}
        onChange={setCloseness}
      />
      <YesNo
        name="not-essential"
        label="(2) An exact year group match is not essential for us (we would link our Y4 with a Y3 or Y5 class)."
        value={notEssential}
        onChange={setNotEssential}
      />
      {notEssential === false && (
        <fieldset className="wide groups">
          <legend>(3) Alternative year groups from our school we would link instead</legend>
          {YEAR_GROUPS.map((y) => (
            <label key={y} className="check">
              <input
                type="checkbox"
                checked={alternatives.includes(y)}
                onChange={(e) => setAlternatives(e.target.checked ? [...alternatives, y] : alternatives.filter((a) => a !== y))}
              />{' '}
              {y}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Existing partner school to keep (optional)
        <input maxLength={200} list="eoi-known-schools" {...field('keepPartnerSchoolName')} aria-invalid={!!fieldErrors.keepPartnerSchoolName} />
        <FieldError message={fieldErrors.keepPartnerSchoolName} />
        {knownSchools && (
          <datalist id="eoi-known-schools">
            {knownSchools.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        )}
      </label>
      <label className="wide">
        Comments
        <textarea rows={2} maxLength={2000} {...field('comments')} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
      <FormError message={Object.keys(fieldErrors).length ? 'Some answers need a change: see the notes beside them.' : error} />
      {saved && <p role="status">{saved}</p>}
    </form>
  );
}
