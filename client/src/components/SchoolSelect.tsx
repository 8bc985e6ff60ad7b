import type { School } from '../api/types';

/** A required choice of one of the programme's schools. */
export function SchoolSelect({ schools, value, onChange }: { schools: School[]; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      School
      <select required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {schools.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
