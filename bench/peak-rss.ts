/**
 * A provider process's own peak RSS, from what bench/hooks/peak-rss.cjs logged at its exit.
 *
 * `VmHWM` (Linux) and not `getrusage`'s `ru_maxrss`: a child's `ru_maxrss` starts at its parent's
 * RSS at the time of the fork, because the kernel folds the memory the child shared with its
 * parent before `exec` (a copy after `fork`, Terraform's own memory after Go's `vfork`) into the
 * maximum. So a provider that Terraform starts late in a large apply "peaked" at whatever
 * Terraform held then (at 3,000 keys: 136 MB against 96 MB of the provider's own; docs/bench.md,
 * round 7). `ru_maxrss` only where `VmHWM` cannot be read.
 */
export function peakRssKb(exited: { maxRssKb: number; hwmKb: number | null }): number {
  return exited.hwmKb ?? exited.maxRssKb;
}
