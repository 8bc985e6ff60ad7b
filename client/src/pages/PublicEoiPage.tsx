// The public expression-of-interest form (/eoi/<token>): a school fills it in without an
// account, from the link its coordinator sent.
import { useParams } from 'react-router';
import { MATCHING_FEE_PENCE, pounds } from '../../../shared/schemas/matching';
import { api } from '../api/http';
import { useResource } from '../api/use-resource';
import { EoiForm } from '../components/EoiForm';
import { FormError } from '../components/FormError';

interface FormInfo {
  programme: { name: string; localAuthority: string; academicYear: string };
  knownSchools: string[];
}

export function PublicEoiPage() {
  const { token = '' } = useParams();
  const path = `/api/eoi-forms/${encodeURIComponent(token)}`;
  const info = useResource<FormInfo>(path);
  return (
    <section className="narrow wide-form">
      <h1>Expression of interest</h1>
      <FormError message={info.error} />
      {info.data && (
        <>
          <p>
            <strong>{info.data.programme.name}</strong> · {info.data.programme.localAuthority} · {info.data.programme.academicYear}
          </p>
          <p className="muted">
            Tell us which classes you would like to link and what matters to you in a link. Sending the form again replaces what you sent before. The fee of{' '}
            {pounds(MATCHING_FEE_PENCE)} is payable once your link partner is confirmed.
          </p>
          <EoiForm
            title="Your school"
            submitLabel="Send our expression of interest"
            knownSchools={info.data.knownSchools}
            send={async (body) => {
              const res = await api.post<{ schoolName: string; replaced: boolean }>(path, body);
              return res.replaced
                ? `Thank you: ${res.schoolName}'s new form replaces the one sent before.`
                : `Thank you: ${res.schoolName}'s expression of interest has been received.`;
            }}
          />
        </>
      )}
    </section>
  );
}
