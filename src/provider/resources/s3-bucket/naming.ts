/** Names of `powerscale_s3_bucket`: the `<zone>/<name>` id and its parser for import. */
import { bucketNameProblem, quoteName, SYSTEM_ZONE, zoneNameProblem } from '../../../onefs/rules';
import { DiagnosticError } from '../../framework';

export { SYSTEM_ZONE };

/** `<zone>/<name>`: the resource id and the import id. */
export function bucketId(zone: string, name: string): string {
  return `${zone}/${name}`;
}

/** Parses an import id `<zone>/<name>`. */
export function parseImportId(id: string): { zone: string; name: string } {
  const slash = id.indexOf('/');
  const zone = slash < 0 ? '' : id.slice(0, slash);
  const name = slash < 0 ? '' : id.slice(slash + 1);
  const problem = slash < 0 ? `${quoteName(id)} has no "/".` : (zoneNameProblem(zone) ?? bucketNameProblem(name));
  if (problem !== undefined) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: `Import a bucket as <zone>/<name>, for example System/acme-data: ${problem}` });
  return { zone, name };
}
