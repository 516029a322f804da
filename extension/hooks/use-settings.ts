import { useEffect, useState } from 'react';
import { getSettings, type Settings, watchSettings } from '../settings/settings.ts';

/** The current settings (undefined while loading), kept fresh when another page changes them. */
export function useSettings(): Settings | undefined {
  const [settings, setSettings] = useState<Settings>();
  useEffect(() => {
    let active = true;
    const unwatch = watchSettings((next) => active && setSettings(next));
    getSettings().then((loaded) => active && setSettings(loaded));
    return () => {
      active = false;
      unwatch();
    };
  }, []);
  return settings;
}
