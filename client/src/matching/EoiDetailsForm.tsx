// What the coordinator adds to a school's form for matching: where the school is (for
// closeness), its profile (for contrast) and whether it is a priority school.
import { useState } from 'react';
import type { EoiCoordinatorFields, EoiView } from '../../../shared/schemas/eoi';
import { api } from '../api/http';
import { FormError } from '../components/FormError';
import { useFormAction } from '../components/use-form-action';

const BANDS = ['deprivation', 'eal'] as const;
const BAND_LABELS: Record<(typeof BANDS)[number], string> = {
  deprivation: 'Deprivation band (1–5)',
  eal: 'Pupils with English as an additional language, band (1–5)',
};

export function EoiDetailsForm({ eoi, onSaved }: { eoi: EoiView; onSaved: () => void }) {
  const [lat, setLat] = useState(eoi.location ? String(eoi.location.lat) : '');
  const [lng, setLng] = useState(eoi.location ? String(eoi.location.lng) : '');
  const [setting, setSetting] = useState(eoi.profile?.setting ?? '');
  const [faith, setFaith] = useState(eoi.profile?.faith ?? '');
  const [bands, setBands] = useState<Record<string, string>>(Object.fromEntries(BANDS.map((b) => [b, String(eoi.profile?.bands?.[b] ?? '')])));
  const [priority, setPriority] = useState(!!eoi.priority);
  const { error, busy, onSubmit } = useFormAction(async () => {
    const chosenBands = Object.fromEntries(
      Object.entries(bands)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, Number(v)]),
    );
    const body: EoiCoordinatorFields = {
      ...(lat !== '' || lng !== '' ? { location: { lat: Number(lat), lng: Number(lng) } } : {}),
      profile: {
        ...(setting ? { setting: setting as 'urban' } : {}),
        ...(faith ? { faith: faith as 'faith' } : {}),
        ...(Object.keys(chosenBands).length ? { bands: chosenBands } : {}),
      },
      priority,
    };
    await api.patch(`/api/eois/${eoi.id}`, body);
    onSaved();
  });
  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label={`Matching details of ${eoi.schoolName}`} data-testid="eoi-details">
      <label>
        Latitude
        <input type="number" step="any" min={-90} max={90} value={lat} onChange={(e) => setLat(e.target.value)} required={lng !== ''} />
      </label>
      <label>
        Longitude
        <input type="number" step="any" min={-180} max={180} value={lng} onChange={(e) => setLng(e.target.value)} required={lat !== ''} />
      </label>
      <label>
        Setting
        <select value={setting} onChange={(e) => setSetting(e.target.value)}>
          <option value="">not known</option>
          <option value="urban">urban</option>
          <option value="suburban">suburban</option>
          <option value="rural">rural</option>
        </select>
      </label>
      <label>
        Faith
        <select value={faith} onChange={(e) => setFaith(e.target.value)}>
          <option value="">not known</option>
          <option value="faith">faith school</option>
          <option value="non-faith">non-faith school</option>
        </select>
      </label>
      {BANDS.map((b) => (
        <label key={b}>
          {BAND_LABELS[b]}
          <input type="number" min={1} max={5} value={bands[b]} onChange={(e) => setBands({ ...bands, [b]: e.target.value })} />
        </label>
      ))}
      <label className="check">
        <input type="checkbox" checked={priority} onChange={(e) => setPriority(e.target.checked)} /> Priority school (not linked last year)
      </label>
      <button type="submit" data-testid="eoi-details-save" disabled={busy}>
        {busy ? 'Saving…' : 'Save the details'}
      </button>
      <FormError message={error} />
    </form>
  );
}
