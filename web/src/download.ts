// Files the API answers with (the list's export, the year's report): the request carries the bearer
// token, so a plain link will not do. The answer is read as a blob and saved through a temporary
// <a download>, under the name the API gives in Content-Disposition.

/**
 * The file's name from a Content-Disposition header: its UTF-8 `filename*` (RFC 6266; the plain
 * `filename` is only an ASCII stand-in for the Chinese name), else `fallback`.
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (!encoded) return fallback;
  try {
    // Never a path: whatever the header says, the name is one file's.
    const name = decodeURIComponent(encoded.trim()).replace(/[\\/]/g, '_');
    return name || fallback;
  } catch {
    return fallback;
  }
}

/** Saves `blob` as the browser saves a download, under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has started the download from it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the API answered with (openapi-fetch's `parseAs: 'blob'`), saved under its name. */
export function saveAnswer(result: { data?: Blob; response: Response }, fallback: string): string {
  if (!result.data) throw new Error('the API answered without a file');
  const name = fileNameOf(result.response.headers.get('content-disposition'), fallback);
  saveBlob(result.data, name);
  return name;
}
