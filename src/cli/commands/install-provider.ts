/** PLACEHOLDER: `cdktf-powerscale install-provider` is being written. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cdktf-powerscale install-provider: not implemented yet\n');
  return 1;
}
