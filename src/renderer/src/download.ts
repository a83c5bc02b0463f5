// Saving a file from the renderer: a Blob and an <a download>, which works in Electron and in a browser alike
// (no Node, no dialog of our own).

/** Offers `blob` as a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start reading the blob (a large dataset export too) before it is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Offers `text`, byte for byte, as a download named `fileName`. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}
