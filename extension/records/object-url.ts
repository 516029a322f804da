// Decrypted bytes shown in the page live behind an object URL for as long as they are shown, and no longer:
// the URL is revoked when the bytes change or the view goes away.
import { useEffect, useState } from 'react';

export function useObjectUrl(bytes: Uint8Array | undefined, type: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!bytes) return setUrl(undefined);
    const created = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setUrl(undefined);
    };
  }, [bytes, type]);
  return url;
}
