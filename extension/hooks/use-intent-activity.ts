// The popup's list of submitted consent changes, each followed live until it is final. `onConfirmed` runs when
// one lands, so the views reload what it changed.
import { useEffect, useRef, useState } from 'react';
import type { Address } from 'viem';
import { followIntent } from '../intents/follow-intent.ts';
import {
  intentActivityItem,
  isFinal,
  type TrackedIntent,
  updateIntentStatus,
  watchIntentActivity,
} from '../intents/intent-activity.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';

export function useIntentActivity(
  client: RelayerClient,
  account: Address,
  onConfirmed: (intent: TrackedIntent) => void,
): TrackedIntent[] {
  const [items, setItems] = useState<TrackedIntent[]>([]);
  const followed = useRef(new Map<string, AbortController>());
  const confirmedCallback = useRef(onConfirmed);
  confirmedCallback.current = onConfirmed;

  useEffect(() => {
    let active = true;
    intentActivityItem.getValue().then((stored) => active && setItems(stored));
    const unwatch = watchIntentActivity((next) => active && setItems(next));
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  const mine = items.filter((item) => !item.account || item.account.toLowerCase() === account.toLowerCase());

  useEffect(() => {
    for (const item of mine) {
      if (isFinal(item.status) || followed.current.has(item.id)) continue;
      const controller = new AbortController();
      followed.current.set(item.id, controller);
      void followIntent(
        client,
        item.id,
        async (status, failure) => {
          if (controller.signal.aborted) return;
          await updateIntentStatus(item.id, status, failure);
          if (status === 'confirmed') confirmedCallback.current(item);
        },
        { signal: controller.signal },
      );
    }
  });

  useEffect(() => {
    const current = followed.current;
    return () => {
      for (const controller of current.values()) controller.abort();
      current.clear();
    };
  }, []);

  return mine;
}
