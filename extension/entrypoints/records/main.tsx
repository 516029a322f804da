import '../../assets/base.css';
import '../popup/popup.css';
import '../research/research.css';
import './records.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RecordsViewer } from './RecordsViewer.tsx';

const patient = new URLSearchParams(location.search).get('patient') ?? '';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RecordsViewer patient={patient} />
  </StrictMode>,
);
