/**
 * Object URLs for data the page shows (a PDF), one per data object, revoked
 * once no mounted component uses it. The revoke waits a tick, so React's
 * unmount-and-mount-again check in development does not revoke a URL in use.
 */

interface Entry {
  url: string;
  users: number;
  revoke: ReturnType<typeof setTimeout> | null;
}

const entries = new WeakMap<object, Entry>();

function entryFor(source: object, make: () => Blob): Entry {
  let entry = entries.get(source);
  if (!entry) {
    entry = { url: URL.createObjectURL(make()), users: 0, revoke: null };
    entries.set(source, entry);
  }
  return entry;
}

/** The URL of `source`'s blob (made on first use). */
export function objectUrl(source: object, make: () => Blob): string {
  return entryFor(source, make).url;
}

/** Marks the URL in use until the returned function is called. */
export function holdObjectUrl(source: object, make: () => Blob): () => void {
  const entry = entryFor(source, make);
  entry.users += 1;
  if (entry.revoke !== null) clearTimeout(entry.revoke);
  entry.revoke = null;
  return () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    entry.revoke = setTimeout(() => {
      URL.revokeObjectURL(entry.url);
      entries.delete(source);
    }, 0);
  };
}
