import { LoadState } from '../../../components/LoadState.tsx';
import type { RelayerData } from '../../../hooks/use-relayer-data.ts';
import type { StudyView } from '../../../relayer/api-types.ts';
import { StudyCard } from './StudyCard.tsx';

/** Research studies registered on chain that the patient may join, or has joined. */
export function StudiesSection({ studies }: { studies: RelayerData<{ studies: StudyView[] }> }) {
  // Ended studies matter only to those who took part (they may still leave).
  const list = (studies.data?.studies ?? []).filter((study) => study.active || study.myConsent.granted);
  return (
    <section className="setting" aria-labelledby="studies-heading" aria-busy={studies.loading}>
      <h3 id="studies-heading" className="subheading">
        Research studies
      </h3>
      <p className="muted">
        A study gets only de-identified data, made in this browser, and only while you take part.
      </p>
      <LoadState
        loading={studies.loading}
        error={studies.error}
        empty={list.length === 0}
        emptyText="No study is recruiting right now."
        what="studies"
      >
        <ul className="card-list">
          {list.map((study) => (
            <StudyCard key={study.studyId} study={study} />
          ))}
        </ul>
      </LoadState>
    </section>
  );
}
