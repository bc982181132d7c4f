/**
 * The layer rules in eslint.config.js (DESIGN.md's arrows) catch layer-breaking imports: ESLint
 * runs programmatically with the project's config on small fixture sources placed (virtually) in
 * each layer, so a rule that silently matches nothing fails here.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each<[string, string, string]>([
    ['the framework importing PAPI', 'src/provider/framework/fixture.ts', "import type { PapiApi } from '../../papi/types';"],
    ['the framework importing a secret store', 'src/provider/framework/fixture.ts', "import type { SecretStore } from '../../secrets/types';"],
    ['the framework importing the protocol layer', 'src/provider/framework/fixture.ts', "import { encodeMsgpack } from '../protocol/msgpack';"],
    ['the protocol layer importing a resource', 'src/provider/protocol/fixture.ts', "import { resources } from '../resources';"],
    ['the protocol layer importing framework internals', 'src/provider/protocol/fixture.ts', "import { planResourceChange } from '../framework/plan';"],
    ['a resource importing a framework module instead of the index', 'src/provider/resources/zone/fixture.ts', "import { defineResource } from '../../framework/resource';"],
    ['the S3 key resource importing a framework module instead of the index', 'src/provider/resources/s3-key/fixture.ts', "import { DiagnosticError } from '../../framework/diagnostics';"],
    ['a resource importing the simulator', 'src/provider/resources/zone/fixture.ts', "import { createOneFsModel } from '../../../simulator/onefs/model';"],
    ['the PAPI client importing the provider', 'src/papi/fixture.ts', "import { log } from '../provider/log';"],
    ['a secret store importing PAPI', 'src/secrets/fixture.ts', "import { PapiError } from '../papi/errors';"],
    ['a construct importing the protocol layer', 'constructs/fixture.ts', "import { METHOD } from '../src/provider/protocol/provider-service';"],
  ])('rejects %s', async (_name, file, source) => {
    expect(await restricted(file, `${source}\nexport {};\n`)).toHaveLength(1);
  });

  it.each<[string, string, string]>([
    ['a framework module importing another', 'src/provider/framework/fixture.ts', "import { compileSchema } from './schema';"],
    ['the protocol layer importing the contract', 'src/provider/protocol/fixture.ts', "import type { TfValue } from '../framework/contract';"],
    ['a resource importing the framework index and PAPI', 'src/provider/resources/zone/fixture.ts', "import { defineResource } from '../../framework';\nimport type { PapiApi } from '../../../papi/types';"],
    ['a test reaching across layers', 'src/provider/framework/fixture.test.ts', "import type { PapiApi } from '../../papi/types';"],
  ])('allows %s', async (_name, file, source) => {
    expect(await restricted(file, `${source}\nexport {};\n`)).toEqual([]);
  });
});
