/**
 * Diagnostics are the only error channel to Terraform. Handlers throw; the framework catches and
 * renders: {@link DiagnosticError} as given, errors an {@link ErrorDescriber} recognises (PAPI,
 * secret store) as "Unable to <Operation> <Title>" plus their detail, anything else as a provider
 * bug. Nothing here ever includes a request body, header or credential.
 */
import { inspect } from 'node:util';
import type { AttributePath, Diagnostic } from './contract';

/** An error diagnostic; `attribute` points Terraform at the offending line. */
export function errorDiagnostic(summary: string, detail: string, attribute?: AttributePath): Diagnostic {
  return attribute === undefined ? { severity: 'error', summary, detail } : { severity: 'error', summary, detail, attribute };
}

/** A warning diagnostic. */
export function warningDiagnostic(summary: string, detail: string, attribute?: AttributePath): Diagnostic {
  return attribute === undefined ? { severity: 'warning', summary, detail } : { severity: 'warning', summary, detail, attribute };
}

/** True when any diagnostic is an error (Terraform aborts the operation). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** What a handler or hook says went wrong, with an optional attribute (a model key or a full path). */
export interface Problem {
  readonly summary: string;
  readonly detail: string;
  /** A top-level model key such as `expectedGuid`, or a Terraform path. */
  readonly attribute?: string | AttributePath;
  readonly severity?: 'error' | 'warning';
}

/**
 * Thrown by handlers and hooks to report a specific, user-facing problem (rendered as given).
 * Use it for conditions the user can fix: a wrong `expected_guid`, a malformed import id.
 */
export class DiagnosticError extends Error {
  override readonly name = 'DiagnosticError';
  readonly problems: readonly Problem[];
  constructor(problem: Problem | readonly Problem[]) {
    const problems = Array.isArray(problem) ? (problem as readonly Problem[]) : [problem as Problem];
    super(problems.map((p) => p.summary).join('; '));
    this.problems = problems;
  }
}

/**
 * Thrown by `create` or `update` when the remote side changed but the operation still failed:
 * Terraform saves `state` (tainted after a create, so the next apply replaces it) and shows the
 * error rendered from `cause`.
 */
export class PartialStateError<Model = unknown> extends Error {
  override readonly name = 'PartialStateError';
  constructor(
    readonly state: Model,
    override readonly cause: unknown,
    readonly privateState?: unknown,
  ) {
    super('operation failed after changing remote state');
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
  [inspect.custom](): string {
    return `PartialStateError: ${this.message}`;
  }
}

/**
 * Thrown by handlers to tie a client error to the attribute it concerns (a 404 for `user`): the
 * framework renders `cause` as usual and points the diagnostic at `attribute` (a model key or a path).
 */
export class ErrorAtAttribute extends Error {
  override readonly name = 'ErrorAtAttribute';
  constructor(
    readonly attribute: string | AttributePath,
    override readonly cause: unknown,
  ) {
    super('error at attribute');
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, attribute: this.attribute };
  }
}

/**
 * Recognises an error from a client layer and returns the diagnostic detail for it (cause, codes,
 * what to do), or undefined for errors it does not know (those are rendered as provider bugs).
 */
export type ErrorDescriber = (error: unknown) => string | undefined;

/** The operations handlers run, as they appear in "Unable to <Operation> <Title>". */
export type Operation = 'Create' | 'Read' | 'Update' | 'Delete' | 'Import' | 'Plan' | 'Configure' | 'Validate' | 'Upgrade' | 'Open' | 'Renew' | 'Close';

/** Resolves a problem's model key to a Terraform path (the resource's schema knows the names). */
export type PathResolver = (attribute: string | AttributePath | undefined) => AttributePath | undefined;

/** Redacts registered secrets from text that may end up in Terraform output. */
export type Redactor = (text: string) => string;

/** The diagnostic for an exception nobody expected: always a provider bug, never a crash. */
export function providerBugDiagnostic(operation: Operation, title: string, error: unknown, redact: Redactor): Diagnostic {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : `non-error value thrown (${typeof error})`;
  return errorDiagnostic(
    'Unexpected Provider Error',
    `While trying to ${operation.toLowerCase()} ${title}, the provider failed unexpectedly: ${redact(what).slice(0, 500)}\n\n` +
      'This is always a bug in the provider (dapcli/powerscale), not in your configuration. Please report it with the ' +
      'output of the run (TF_LOG=debug shows more; credentials are redacted).',
  );
}

/**
 * Renders anything a handler threw as diagnostics: {@link DiagnosticError} problems as given, a
 * described client error as "Unable to <Operation> <Title>" + its detail, anything else as a
 * provider bug. A {@link PartialStateError} is rendered by its cause.
 */
export function renderError(operation: Operation, title: string, error: unknown, describe: ErrorDescriber, resolve: PathResolver, redact: Redactor): Diagnostic[] {
  const cause = error instanceof PartialStateError ? error.cause : error;
  if (cause instanceof ErrorAtAttribute) {
    const path = resolve(cause.attribute);
    return renderError(operation, title, cause.cause, describe, resolve, redact).map((d) => (path === undefined || d.attribute !== undefined ? d : { ...d, attribute: path }));
  }
  if (cause instanceof DiagnosticError) {
    return cause.problems.map((p) => {
      const path = resolve(p.attribute);
      const d: Diagnostic = { severity: p.severity ?? 'error', summary: p.summary, detail: redact(p.detail) };
      if (path !== undefined) d.attribute = path;
      return d;
    });
  }
  let detail: string | undefined;
  try {
    detail = describe(cause);
  } catch {
    detail = undefined;
  }
  if (detail !== undefined) return [errorDiagnostic(`Unable to ${operation} ${title}`, redact(detail))];
  return [providerBugDiagnostic(operation, title, cause, redact)];
}
