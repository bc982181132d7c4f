/** Numbered progress lines with elapsed time, so that a slow step is visible as it happens. */

/** Writes `[n/total] text (1.2 s)` lines. */
export class Progress {
  private step = 0;
  private started = Date.now();
  private readonly write: (line: string) => void;
  readonly total: number;

  constructor(total: number, write: (line: string) => void) {
    this.total = total;
    this.write = write;
  }

  /** Announces the next step (`[n/total] text ...`) and starts its clock. */
  begin(text: string): void {
    this.step += 1;
    this.started = Date.now();
    this.write(`[${this.step}/${this.total}] ${text} ...`);
  }

  /** Ends the current step with a result line and its duration. */
  done(text: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.write(`      ${text} (${seconds} s)`);
  }

  /** An indented detail line under the current step. */
  detail(text: string): void {
    this.write(`      ${text}`);
  }
}
