/** PLACEHOLDER: `cdktf-powerscale plan-summary` is being written. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cdktf-powerscale plan-summary: not implemented yet\n');
  return 1;
}
