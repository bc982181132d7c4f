/** PLACEHOLDER: `cdktf-powerscale demo` is being written. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cdktf-powerscale demo: not implemented yet\n');
  return 1;
}
