/**
 * Names of `powerscale_user_group`: the group-name rule (OneFS applies the local user rule to
 * local groups), the `<zone>/<name>` id and its parser for import.
 */
import { GROUP_NAME_RULE, groupNameProblem, quoteName, SYSTEM_ZONE, zoneNameProblem } from '../../../onefs/rules';
import { DiagnosticError } from '../../framework';

export { GROUP_NAME_RULE, groupNameProblem, SYSTEM_ZONE };

/** `<zone>/<name>`: the resource id and the import id. */
export function groupId(zone: string, name: string): string {
  return `${zone}/${name}`;
}

/** Parses an import id `<zone>/<name>`. */
export function parseImportId(id: string): { zone: string; name: string } {
  const slash = id.indexOf('/');
  const zone = slash < 0 ? '' : id.slice(0, slash);
  const name = slash < 0 ? '' : id.slice(slash + 1);
  const problem = slash < 0 ? `${quoteName(id)} has no "/".` : (zoneNameProblem(zone) ?? groupNameProblem(name));
  if (problem !== undefined) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: `Import a group as <zone>/<name>, for example System/devs: ${problem}` });
  return { zone, name };
}
