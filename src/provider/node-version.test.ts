import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version';

describe('nodeVersionProblem', () => {
  it('accepts Node 20 and newer', () => {
    for (const v of ['20.0.0', '20.20.2', '22.23.5', '24.1.0']) expect(nodeVersionProblem(v, '/usr/bin/node')).toBeUndefined();
  });

  it('refuses an older Node in one line that names it, its path and what to do', () => {
    expect(nodeVersionProblem('18.19.1', '/opt/old/node')).toBe(
      'terraform-provider-powerscale: Node.js 18.19.1 (/opt/old/node) is too old: Node.js 20 or newer is needed; put a newer node on PATH or set POWERSCALE_PROVIDER_NODE to its path\n',
    );
  });
});
