/** PLACEHOLDER: `cdktf-powerscale simulator` is being written. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cdktf-powerscale simulator: not implemented yet\n');
  return 1;
}
