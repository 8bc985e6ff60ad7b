// Expressions of interest: the coordinator sees every school's form with its fee, enters
// forms sent on paper, and opens the public form's link for schools to fill in themselves;
// a school sending again replaces its earlier one.
import { Fragment, useState } from 'react';
import type { EoiView } from '../../../shared/schemas/eoi';
import { pounds } from '../../../shared/schemas/matching';
import { api } from '../api/http';
import type { Programme } from '../api/types';
import type { Resource } from '../api/use-resource';
import { EoiForm } from '../components/EoiForm';
import { FormError } from '../components/FormError';
import { useAction } from '../components/use-form-action';
import { EoiDetailsForm } from './EoiDetailsForm';
import { PublicFormLink } from '../programme/PublicFormLink';

/** `eois`: the programme's forms, read by the dashboard (the matching map shows them too). */
export function EoiSection({ programme, eois }: { programme: Programme; eois: Resource<EoiView[]> }) {
  const { reload } = eois;
  const fee = useAction();
  const [editing, setEditing] = useState<string>();
  const markPaid = (e: EoiView, paid: boolean) =>
    fee.run(async () => {
      await api.patch(`/api/eois/${e.id}`, { feePaid: paid });
      reload();
    });
  return (
    <section aria-labelledby="eoi-h">
      <h2 id="eoi-h">Expressions of interest ({eois.data?.length ?? 0})</h2>
      {eois.error && <p role="alert">{eois.error}</p>}
      <FormError message={fee.error} />
      {eois.data && eois.data.length > 0 && (
        <table data-testid="eoi-list">
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Classes</th>
              <th scope="col">Close by matters</th>
              <th scope="col">Year groups</th>
              <th scope="col">Keep partner</th>
              <th scope="col">For matching</th>
              <th scope="col">Fee</th>
            </tr>
          </thead>
          <tbody>
            {eois.data.map((e) => (
              <Fragment key={e.id}>
                <tr>
                  <td>
                    {e.schoolName}
                    <div className="muted">
                      {e.headTeacher} · {e.email} · {e.telephone}
                    </div>
                  </td>
                  <td>{e.classes.map((c) => `${c.count} × ${c.yearGroup}`).join(', ')}</td>
                  <td>{e.closenessMatters ? 'yes' : 'no'}</td>
                  <td>
                    {e.exactYearNotEssential
                      ? '±1 year is fine'
                      : `exact${e.alternativeYearGroups.length ? `, or ours: ${e.alternativeYearGroups.join(', ')}` : ''}`}
                  </td>
                  <td>{e.keepPartnerSchoolName ?? '–'}</td>
                  <td>
                    <span className="muted">
                      {[e.location ? 'located' : 'no location', e.profile?.setting, e.profile?.faith, e.priority ? 'priority' : undefined]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>{' '}
                    <button
                      type="button"
                      className="link-button"
                      data-testid="eoi-edit"
                      aria-expanded={editing === e.id}
                      onClick={() => setEditing(editing === e.id ? undefined : e.id)}
                    >
                      {editing === e.id ? 'close' : 'edit'}
                    </button>
                  </td>
                  <td data-testid="eoi-fee">
                    {!e.fee ? (
                      <span className="muted">due when a link is confirmed</span>
                    ) : e.fee.paidAt ? (
                      <>
                        {pounds(e.fee.amountPence)} paid {new Date(e.fee.paidAt).toLocaleDateString()}{' '}
                        <button type="button" className="link-button" onClick={() => void markPaid(e, false)}>
                          undo
                        </button>
                      </>
                    ) : (
                      <>
                        <strong>{pounds(e.fee.amountPence)} due</strong>{' '}
                        <button type="button" data-testid="eoi-fee-paid" onClick={() => void markPaid(e, true)}>
                          Mark paid
                        </button>
                      </>
                    )}
                  </td>
                </tr>
                {editing === e.id && (
                  <tr>
                    <td colSpan={7}>
                      <EoiDetailsForm
                        eoi={e}
                        onSaved={() => {
                          setEditing(undefined);
                          reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      <EoiForm
        title="Enter a school's form"
        submitLabel="Save the expression of interest"
        send={async (body) => {
          const res = await api.post<EoiView>(`/api/programmes/${programme.id}/eois`, body);
          reload();
          return res.submissions > 1 ? `${res.schoolName}'s new form replaced its earlier one.` : `${res.schoolName}'s expression of interest was saved.`;
        }}
      />
      <PublicFormLink programme={programme} />
    </section>
  );
}
