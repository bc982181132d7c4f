/**
 * The default mirror: `~/.terraform.d/plugins`, one of Terraform's implied local mirror
 * directories on every Unix (Linux and macOS alike). Terraform searches it without any CLI
 * configuration, as long as the user's CLI config has no `provider_installation` block.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `~/.terraform.d/plugins` for the current user. */
export function defaultMirror(home: string = homedir()): string {
  return join(home, '.terraform.d', 'plugins');
}
