// The researcher's requests for a study's data (dataset downloads and insights), with their status, kept in
// chrome.storage.local per study so the workspace shows them again after it is closed: requested, then
// released (with the release's figures) or refused (with the relayer's reason).
import { storage } from 'wxt/utils/storage';

export type DataRequestKind = 'ndjson' | 'csv' | 'insights';

export interface DataRequest {
  id: string;
  kind: DataRequestKind;
  requestedAt: string;
  status: 'requested' | 'released' | 'refused';
  /** What came back: the release's figures, or why it was refused. */
  detail?: string;
}

/** The most requests kept per study, newest first. */
export const MAX_KEPT_REQUESTS = 20;

const itemOf = (studyId: string) =>
  storage.defineItem<DataRequest[]>(`local:research-requests:${studyId.toLowerCase()}`, { fallback: [] });

export function listDataRequests(studyId: string): Promise<DataRequest[]> {
  return itemOf(studyId).getValue();
}

/** Records a request (new or changed), newest first; returns the study's list. */
export async function saveDataRequest(studyId: string, request: DataRequest): Promise<DataRequest[]> {
  const item = itemOf(studyId);
  const others = (await item.getValue()).filter((kept) => kept.id !== request.id);
  const next = [request, ...others]
    .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
    .slice(0, MAX_KEPT_REQUESTS);
  await item.setValue(next);
  return next;
}

/**
 * Runs `fetch` as a tracked request: stored as requested first, then as released with `describe`'s summary,
 * or as refused with the error's message (and the error rethrown).
 */
export async function trackDataRequest<T>(
  studyId: string,
  kind: DataRequestKind,
  fetch: () => Promise<T>,
  describe: (value: T) => string,
  onChange: (requests: DataRequest[]) => void,
): Promise<T> {
  const request: DataRequest = {
    id: crypto.randomUUID(),
    kind,
    requestedAt: new Date().toISOString(),
    status: 'requested',
  };
  onChange(await saveDataRequest(studyId, request));
  try {
    const value = await fetch();
    onChange(await saveDataRequest(studyId, { ...request, status: 'released', detail: describe(value) }));
    return value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    onChange(await saveDataRequest(studyId, { ...request, status: 'refused', detail }));
    throw error;
  }
}
