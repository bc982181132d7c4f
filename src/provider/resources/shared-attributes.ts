/**
 * Attribute specs several resource types share, so that a rule (the zone name, its default, that
 * moving an object to another zone replaces it) is written once.
 */
import { SYSTEM_ZONE, zoneNameProblem } from '../../onefs/rules';
import { requiresReplace, stringValidator } from '../framework';

/** `zone`: optional, System by default, validated as a zone name; changing it replaces the object. */
export function replacingZoneAttribute(description: string, label = 'a OneFS access zone name') {
  return {
    type: 'string',
    optional: true,
    computed: true,
    default: SYSTEM_ZONE,
    description,
    validators: [stringValidator(label, zoneNameProblem)],
    planModifiers: [requiresReplace()],
  } as const;
}
