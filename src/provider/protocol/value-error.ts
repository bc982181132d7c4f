import type { AttributePath, PathStep } from '../framework/contract';

/**
 * A value that does not decode or does not conform to its schema type. Carries the attribute path
 * so that the diagnostic Terraform shows points at the offending attribute.
 */
export class ValueError extends Error {
  override name = 'ValueError';
  constructor(
    readonly path: AttributePath,
    message: string,
  ) {
    super(path.length ? `${formatPath(path)}: ${message}` : message);
  }
}

/** `a.b[0]["k"]`: how Terraform users write paths. */
export function formatPath(path: AttributePath): string {
  let out = '';
  for (const step of path) {
    if ('attribute' in step) out += out ? `.${step.attribute}` : step.attribute;
    else if ('key' in step) out += `[${JSON.stringify(step.key)}]`;
    else out += `[${step.index}]`;
  }
  return out;
}

/** Appends one step without mutating the parent path. */
export function child(path: AttributePath, step: PathStep): AttributePath {
  return [...path, step];
}
