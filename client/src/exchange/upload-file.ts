// One file to the exchange, with upload progress (fetch cannot report it; XMLHttpRequest can).
import { ApiError, csrfHeader } from '../api/http';

export function uploadFile<T>(
  path: string,
  file: File | Blob,
  fields: Record<string, string>,
  onProgress: (fraction: number) => void,
  headers: Record<string, string> = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file instanceof File ? file.name : 'board.png');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries({ ...csrfHeader(), ...headers })) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { error?: { code: string; message: string } } | undefined;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as typeof body) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body?.error?.code ?? 'error', body?.error?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'The upload was interrupted. Check the connection and try again.'));
    xhr.send(form);
  });
}
