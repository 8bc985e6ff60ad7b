import { useState } from 'react';
import { YEAR_GROUPS } from '../../../shared/year-groups';
import { api } from '../api/http';
import type { Programme, School, SchoolClass } from '../api/types';
import { FormError } from '../components/FormError';
import { SchoolSelect } from '../components/SchoolSelect';
import { useFormAction } from '../components/use-form-action';
import { useSession } from '../stores/session-store';

interface Props {
  programme: Programme;
  schools: School[];
  classes: SchoolClass[];
  reload: () => void;
}

/** Schools and their classes; coordinators add both here. */
export function SchoolsSection({ programme, schools, classes, reload }: Props) {
  const can = useSession((s) => s.can);
  const pupils = classes.reduce((n, c) => n + c.pupilCount, 0);
  return (
    <section aria-labelledby="schools-h">
      <h2 id="schools-h">Schools and classes</h2>
      <p className="figures">
        <strong>{schools.length}</strong> schools · <strong>{classes.length}</strong> classes · <strong>{pupils}</strong> children
      </p>
      <table>
        <caption className="visually-hidden">Schools and their classes</caption>
        <thead>
          <tr>
            <th scope="col">School</th>
            <th scope="col">Postcode</th>
            <th scope="col">Classes</th>
          </tr>
        </thead>
        <tbody>
          {schools.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.name}</th>
              <td>{s.postcode}</td>
              <td>
                {classes
                  .filter((c) => c.schoolId === s.id)
                  .map((c) => `${c.name} (${c.yearGroup}, ${c.pupilCount})`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {can('school:create', { programmeId: programme.id }) && <NewSchoolForm programme={programme} reload={reload} />}
      {can('class:create', { programmeId: programme.id }) && schools.length > 0 && <NewClassForm programme={programme} schools={schools} reload={reload} />}
    </section>
  );
}

function NewSchoolForm({ programme, reload }: { programme: Programme; reload: () => void }) {
  const [name, setName] = useState('');
  const [postcode, setPostcode] = useState('');
  const { error, onSubmit } = useFormAction(async () => {
    await api.post(`/api/programmes/${programme.id}/schools`, { name, postcode });
    setName('');
    setPostcode('');
    reload();
  });
  return (
    <form onSubmit={onSubmit} className="inline-form">
      <h3>Add a school</h3>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Postcode
        <input required value={postcode} onChange={(e) => setPostcode(e.target.value)} />
      </label>
      <FormError message={error} />
      <button type="submit">Add school</button>
    </form>
  );
}

function NewClassForm({ programme, schools, reload }: { programme: Programme; schools: School[]; reload: () => void }) {
  const [schoolId, setSchoolId] = useState('');
  const [name, setName] = useState('');
  const [yearGroup, setYearGroup] = useState('Y4');
  const [pupilCount, setPupilCount] = useState(30);
  const { error, onSubmit } = useFormAction(async () => {
    await api.post(`/api/programmes/${programme.id}/classes`, { schoolId, name, yearGroup, pupilCount });
    setName('');
    reload();
  });
  return (
    <form onSubmit={onSubmit} className="inline-form">
      <h3>Add a class</h3>
      <SchoolSelect schools={schools} value={schoolId} onChange={setSchoolId} />
      <label>
        Class name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Year group
        <select value={yearGroup} onChange={(e) => setYearGroup(e.target.value)}>
          {YEAR_GROUPS.map((y) => (
            <option key={y}>{y}</option>
          ))}
        </select>
      </label>
      <label>
        Pupils
        <input type="number" min={0} max={60} value={pupilCount} onChange={(e) => setPupilCount(Number(e.target.value))} />
      </label>
      <FormError message={error} />
      <button type="submit">Add class</button>
    </form>
  );
}
