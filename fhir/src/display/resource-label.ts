// What to call a resource, or a reference to one, in a sentence: a person by name, an organisation by its
// name, a medication or condition by its code; failing that, the reference's own display or identifier.
import type { Identifier, Reference } from 'fhir/r4.js';
import type { FhirResource } from '../fhir-resource.ts';
import { conceptText } from './codeable-concept.ts';
import { humanNameText } from './human-name.ts';

const typeLabels: Record<string, string> = {
  AllergyIntolerance: 'Allergy or intolerance',
  MedicationRequest: 'Medication request',
  MedicationStatement: 'Medication statement',
  DiagnosticReport: 'Diagnostic report',
  DocumentReference: 'Document',
  Composition: 'Clinical document',
};

/** "Allergy or intolerance", "Diagnostic report", "Device use statement". */
export function resourceTypeLabel(resourceType: unknown): string {
  if (typeof resourceType !== 'string' || resourceType === '') return 'Resource';
  const known = typeLabels[resourceType];
  if (known) return known;
  const words = resourceType.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words[0]!.toUpperCase() + words.slice(1);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A resource's name as people say it, when it has one. */
export function resourceLabel(resource: FhirResource | undefined): string | undefined {
  if (!resource || typeof resource !== 'object') return undefined;
  const element = resource as Record<string, unknown>;
  switch (resource.resourceType) {
    case 'Patient':
    case 'Practitioner':
    case 'RelatedPerson':
    case 'Person':
      return humanNameText(element.name as never);
    case 'Organization':
    case 'Location':
    case 'HealthcareService':
    case 'Endpoint':
    case 'Group':
      return text(element.name);
    case 'PractitionerRole':
      return (
        text((element.practitioner as Reference | undefined)?.display) ??
        conceptText((element.code as never[] | undefined)?.[0])
      );
    case 'Device': {
      const names = element.deviceName as { name?: string }[] | undefined;
      return text(Array.isArray(names) ? names[0]?.name : undefined) ?? conceptText(element.type as never);
    }
    case 'Immunization':
      return conceptText(element.vaccineCode as never);
    case 'Composition':
      return text(element.title);
    case 'DeviceUseStatement':
      return text((element.device as Reference | undefined)?.display);
    case 'AllergyIntolerance':
    case 'Condition':
    case 'Procedure':
    case 'Observation':
    case 'DiagnosticReport':
    case 'Medication':
    case 'Specimen':
      return conceptText((element.code ?? element.type) as never);
    default:
      return (
        text(element.title) ??
        text(element.name) ??
        conceptText(element.code as never) ??
        conceptText(element.type as never) ??
        conceptText((Array.isArray(element.category) ? element.category[0] : element.category) as never)
      );
  }
}

function identifierText(identifier: Identifier | undefined): string | undefined {
  return text(identifier?.value);
}

/**
 * A reference in words: the resource it resolves to by name, else its display, its identifier, or the
 * reference itself ("Practitioner/f005").
 */
export function referenceText(reference: Reference | undefined, resolved?: FhirResource): string | undefined {
  const named = resourceLabel(resolved);
  if (named) return named;
  if (!reference || typeof reference !== 'object') return undefined;
  return text(reference.display) ?? identifierText(reference.identifier) ?? text(reference.reference);
}
