/**
 * `npm run chaos -- --rounds N --seed S [--seeds S1,S2,...] [--minutes M] [--pool P]
 * [--resources s3_key,user,bucket,quota,zone,group,zone_settings,global_settings] [--store dap|file]`: the seeded chaos run (see run.ts). Exit 1 when any invariant was violated, 2 on bad arguments.
 */
import type { StoreBackend } from './events';
import { kindsNamed } from './kinds';
import { formatSummary, runChaos, type ChaosSummary } from './run';
import type { ChaosKind } from './world';

const USAGE = 'usage: npm run chaos -- [--rounds N] [--seed S | --seeds S1,S2,...] [--minutes M] [--pool P] [--resources s3_key,user,bucket,quota,zone,group,zone_settings,global_settings] [--store dap|file]';

interface Args {
  rounds: number;
  seeds: number[];
  minutes?: number;
  pool?: number;
  kinds?: ChaosKind[];
  store?: StoreBackend;
}

function parse(argv: readonly string[]): Args {
  const out: Args = { rounds: 10, seeds: [1] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = (what: string) => {
      if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} takes ${what}`);
      i++;
      return Number(value);
    };
    switch (flag) {
      case '--rounds':
        out.rounds = int('a whole number of rounds');
        break;
      case '--seed':
        out.seeds = [int('a whole-number seed')];
        break;
      case '--seeds':
        if (value === undefined || !/^\d+(,\d+)*$/.test(value)) throw new Error('--seeds takes comma-separated whole numbers');
        out.seeds = value.split(',').map(Number);
        i++;
        break;
      case '--minutes':
        out.minutes = int('whole minutes');
        break;
      case '--pool':
        out.pool = int('a number of users');
        break;
      case '--resources':
        if (value === undefined) throw new Error('--resources takes comma-separated kinds');
        out.kinds = kindsNamed(value);
        i++;
        break;
      case '--store':
        if (value !== 'dap' && value !== 'file') throw new Error('--store takes dap or file');
        out.store = value;
        i++;
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(flag)}`);
    }
  }
  return out;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  const summaries: ChaosSummary[] = [];
  for (const seed of args.seeds) {
    const minutesLeft = args.minutes === undefined ? undefined : Math.max(0, args.minutes - (Date.now() - started) / 60_000);
    if (minutesLeft === 0) break;
    const summary = await runChaos({
      seed,
      rounds: args.rounds,
      ...(minutesLeft === undefined ? {} : { minutes: minutesLeft }),
      ...(args.pool === undefined ? {} : { poolSize: args.pool }),
      ...(args.kinds === undefined ? {} : { kinds: args.kinds }),
      ...(args.store === undefined ? {} : { store: args.store }),
    });
    console.log(formatSummary(summary));
    summaries.push(summary);
  }
  const rounds = summaries.reduce((n, s) => n + s.rounds, 0);
  const violations = summaries.reduce((n, s) => n + s.violations.length, 0);
  console.log(`chaos: ${summaries.length} seed(s), ${rounds} rounds in ${Math.round((Date.now() - started) / 1000)} s, ${violations} violation(s)`);
  return violations === 0 ? 0 : 1;
}

process.exitCode = await main();
