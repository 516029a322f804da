import { LoadState } from '../../../components/LoadState.tsx';
import type { RelayerData } from '../../../hooks/use-relayer-data.ts';
import type { PatientSettings, StudyView } from '../../../relayer/api-types.ts';
import { BreakGlassSwitch } from './BreakGlassSwitch.tsx';
import { DelegatesForm } from './DelegatesForm.tsx';
import { ResearchConsentForm } from './ResearchConsentForm.tsx';
import { StudiesSection } from './StudiesSection.tsx';

/** The patient's standing choices: emergency access, delegates, research consent and studies. */
export function ControlsPanel({
  settings,
  studies,
}: {
  settings: RelayerData<PatientSettings>;
  studies: RelayerData<{ studies: StudyView[] }>;
}) {
  return (
    <section aria-labelledby="controls-heading" aria-busy={settings.loading}>
      <h2 id="controls-heading" className="panel-heading">
        Controls
      </h2>
      <LoadState
        loading={settings.loading}
        error={settings.error}
        empty={!settings.data}
        emptyText="Your settings are not available."
        what="your settings"
      >
        {settings.data && (
          <>
            <BreakGlassSwitch settings={settings.data} />
            <DelegatesForm settings={settings.data} />
            <ResearchConsentForm settings={settings.data} />
            <StudiesSection studies={studies} />
          </>
        )}
      </LoadState>
    </section>
  );
}
