// Loaded into each provider process with NODE_OPTIONS=--require (bench runs only): on exit, appends
// one JSON line with the process's peak RSS and CPU time to $BENCH_PROVIDER_LOG. Nothing goes to stdout (the
// handshake's) or stderr. No require(): process.getBuiltinModule keeps this file free of module glue.
'use strict';

const logFile = process.env.BENCH_PROVIDER_LOG;
if (logFile) {
  const fs = process.getBuiltinModule('node:fs');
  const startedAt = Date.now();
  process.on('exit', (code) => {
    let hwmKb = null;
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      if (match) hwmKb = Number(match[1]);
    } catch {
      // Not Linux: maxRssKb below still says it.
    }
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    const line = { pid: process.pid, code, startedAt, exitedAt: Date.now(), maxRssKb: usage.maxRSS, hwmKb, cpuMs };
    fs.appendFileSync(logFile, `${JSON.stringify(line)}\n`);
  });
}
