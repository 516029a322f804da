import '../../assets/base.css';
import '../popup/popup.css';
import './research.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ResearchApp } from './ResearchApp.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ResearchApp />
  </StrictMode>,
);
