/**
 * Names of `powerscale_user_group`: the group-name rule (OneFS applies the local user rule to
 * local groups), the `<zone>/<name>` id and its parser for import.
 */
import { INVISIBLE_CHARACTERS, quoteName, SYSTEM_ZONE, USER_NAME_PATTERN, zoneNameProblem } from '../../../onefs/rules';
import { DiagnosticError } from '../../framework';

export { SYSTEM_ZONE };

/** The group rule in words, for diagnostics and docs. */
export const GROUP_NAME_RULE = 'a group name is 1 to 104 characters, with no whitespace, no control or bidirectional-formatting characters and none of / \\ : @ " < > | * ? + = ; , [ ], and is not "." or ".."';

/** undefined when `name` is a local group name OneFS accepts, otherwise a sentence naming the rule. */
export function groupNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..' || INVISIBLE_CHARACTERS.test(name) || !USER_NAME_PATTERN.test(name)) return `group name ${quoteName(name)} is not allowed; ${GROUP_NAME_RULE}.`;
  return undefined;
}

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
