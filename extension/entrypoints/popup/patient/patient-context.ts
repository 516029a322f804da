// What every patient view shares: the connection to act with, and a version that moves when the data changed
// (an event from the background, a confirmed change, the Refresh button), so views reload.
import { createContext, useContext } from 'react';
import type { PatientConnection } from '../../../patient/patient-connection.ts';

export interface PatientContextValue {
  connection: PatientConnection;
  version: number;
  refresh(): void;
}

export const PatientContext = createContext<PatientContextValue | undefined>(undefined);

export function usePatient(): PatientContextValue {
  const value = useContext(PatientContext);
  if (!value) throw new Error('usePatient() outside <PatientContext>');
  return value;
}
