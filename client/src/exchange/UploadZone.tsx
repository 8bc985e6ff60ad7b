// Drag and drop (or pick) several files; each uploads on its own with its own progress bar
// and its own result. The limits are shown before anyone picks a file.
import { useState, type DragEvent } from 'react';
import { LIMITS_IN_WORDS } from '../../../shared/exchange';
import { uploadFile } from './upload-file';

interface Row {
  key: number;
  name: string;
  progress: number;
  state: 'uploading' | 'checking' | 'done' | 'failed';
  message?: string;
}
let nextKey = 0;

export function UploadZone({
  linkId,
  onUploaded,
  headers,
  milestoneKey,
  headingLevel = 3,
}: {
  linkId: string;
  onUploaded: () => void;
  headers?: Record<string, string>;
  milestoneKey?: string;
  /** Its heading's level where it sits on the page (a wall page's section, or inside a call's panel). */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const [rows, setRows] = useState<Row[]>([]);
  const [over, setOver] = useState(false);
  const update = (key: number, change: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  function send(files: FileList | File[]) {
    for (const file of Array.from(files)) {
      const key = nextKey++;
      setRows((rs) => [...rs, { key, name: file.name, progress: 0, state: 'uploading' }]);
      uploadFile(
        `/api/links/${linkId}/exchange`,
        file,
        { title: file.name.replace(/\.[^.]+$/, '').slice(0, 120) || 'Untitled', ...(milestoneKey ? { milestoneKey } : {}) },
        (f) => update(key, { progress: f, state: f >= 1 ? 'checking' : 'uploading' }),
        headers,
      ).then(
        () => {
          update(key, { progress: 1, state: 'done', message: 'Sent — waiting for approval' });
          onUploaded();
        },
        (e: Error) => update(key, { state: 'failed', message: e.message }),
      );
    }
  }

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (e.dataTransfer.files.length) send(e.dataTransfer.files);
  };

  return (
    <section className="upload-zone" aria-labelledby="upload-h">
      <Heading id="upload-h">Send pupils’ work</Heading>
      <div
        className={`drop-target${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <label htmlFor="upload-input">
          <strong>Drop files here</strong> or choose them:
        </label>
        <input
          id="upload-input"
          data-testid="upload-input"
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp,image/gif,application/pdf,audio/*,video/mp4,video/quicktime,video/webm"
          onChange={(e) => e.target.files && send(e.target.files)}
        />
        <ul className="limits">
          {LIMITS_IN_WORDS.map((l) => (
            <li key={l}>{l}</li>
          ))}
          <li>Pictures lose their hidden details (such as where they were taken) before they are stored.</li>
        </ul>
      </div>
      {rows.length > 0 && (
        <ul className="upload-rows" aria-live="polite">
          {rows.map((r) => (
            <li key={r.key} className={`upload-row ${r.state}`}>
              <span className="name">{r.name}</span>
              <progress data-testid="upload-progress" max={1} value={r.progress} aria-label={`Upload of ${r.name}`} />
              <span className="state">
                {r.state === 'uploading' ? `${Math.round(r.progress * 100)} %` : r.state === 'checking' ? 'Checking and cleaning…' : r.message}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
