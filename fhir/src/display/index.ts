// Reading FHIR R4 in words, for any renderer: concepts, codes, dates, quantities, dosages, names and the
// references inside one record.

export { codeSystemName, hl7Display, humanizeCode, isHl7CodeSystem } from './code-systems.ts';
export {
  codeText,
  codingText,
  conceptCodes,
  conceptList,
  conceptText,
} from './codeable-concept.ts';
export { asNeededText, dosageSummary, doseText, rateText, timingText } from './dosage.ts';
export { type DateDisplayOptions, formatFhirDate, formatPeriod } from './fhir-date.ts';
export { humanNameText, nameText } from './human-name.ts';
export {
  bloodPressureText,
  interpretationLevel,
  observationValueText,
  referenceRangeText,
} from './observation-value.ts';
export { formatQuantity, formatRange, formatRatio } from './quantity.ts';
export { ResourceIndex } from './resource-index.ts';
export { referenceText, resourceLabel, resourceTypeLabel } from './resource-label.ts';
