import type { IConstruct } from 'constructs';

const BRAND = Symbol.for('cdktf-powerscale/ConstructValidationError');

/**
 * A mistake in construct props, found at synth time (in the constructor). `code` is stable and
 * meant for tests and tooling; the message says what was given and what is allowed, prefixed with
 * the construct path so that the failing construct can be found in a large stack.
 */
export class ConstructValidationError extends Error {
  override readonly name = 'ConstructValidationError';

  /** Stable identifier of the rule that failed, e.g. `S3KeyUserName`. */
  readonly code: string;

  /** Path of the construct whose props failed (`Stack/Tenant/Key`). */
  readonly constructPath: string;

  constructor(code: string, message: string, scope: IConstruct) {
    super(`${scope.node.path}: ${message}`);
    this.code = code;
    this.constructPath = scope.node.path;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any copy of this class, even when two copies of the package are loaded. */
  static isConstructValidationError(x: unknown): x is ConstructValidationError {
    return typeof x === 'object' && x !== null && BRAND in x;
  }
}
