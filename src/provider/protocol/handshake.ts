/**
 * The go-plugin handshake as Terraform runs it: a magic-cookie environment variable proves that
 * Terraform (not a person) started us, PLUGIN_PROTOCOL_VERSIONS offers protocol versions (a set:
 * its order is random), and the one line we print on stdout tells Terraform where to connect:
 * `CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVERCERT`.
 */

/** Terraform's go-plugin handshake config (`terraform:internal/plugin/serve.go`). */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** go-plugin's core protocol version (always 1) and the only plugin protocol we speak. */
export const CORE_PROTOCOL_VERSION = 1;
export const PROTOCOL_VERSION = 6;

/** The provider's address, as TF_REATTACH_PROVIDERS keys it. */
export const PROVIDER_ADDRESS = 'registry.terraform.io/dapcli/powerscale';

/** What a person sees when they run the binary by hand. */
export const NOT_A_PLUGIN_MESSAGE = `terraform-provider-powerscale is a Terraform provider plugin: Terraform starts it, it is not meant to be run by hand.

To use it, require the provider "dapcli/powerscale" in your configuration and point Terraform at this
directory (a dev_overrides entry in a CLI configuration file, or a filesystem mirror made with
"cdktf-powerscale install-provider"), then run terraform as usual.

To attach a debugger, run "terraform-provider-powerscale --debug" and set TF_REATTACH_PROVIDERS to the
value it prints.
`;

/** True when Terraform started us (the cookie is a UX check, not security). */
export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * The protocol version to speak: 6 when offered or when nothing is offered (run by a tool that
 * does not negotiate); an explanation when the client offers versions and 6 is not among them.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): { version: number } | { error: string } {
  const offered = env.PLUGIN_PROTOCOL_VERSIONS?.trim();
  if (!offered) return { version: PROTOCOL_VERSION };
  const versions = new Set(offered.split(',').map((v) => Number(v.trim())));
  if (versions.has(PROTOCOL_VERSION)) return { version: PROTOCOL_VERSION };
  return { error: `this provider speaks plugin protocol ${PROTOCOL_VERSION}, but the client offered only ${offered}; Terraform 1.0 or newer is required` };
}

/**
 * The handshake line (with its newline). `serverCertDer` is printed as base64 without padding
 * (Go's RawStdEncoding), or empty when serving without TLS.
 */
export function handshakeLine(p: { version: number; network: 'unix' | 'tcp'; address: string; serverCertDer?: Uint8Array }): string {
  const cert = p.serverCertDer ? Buffer.from(p.serverCertDer).toString('base64').replace(/=+$/, '') : '';
  return `${CORE_PROTOCOL_VERSION}|${p.version}|${p.network}|${p.address}|grpc|${cert}\n`;
}

/** The TF_REATTACH_PROVIDERS value for a provider served unmanaged (debug mode). */
export function reattachValue(p: { pid: number; network: 'unix' | 'tcp'; address: string; version: number }): string {
  return JSON.stringify({
    [PROVIDER_ADDRESS]: { Protocol: 'grpc', ProtocolVersion: p.version, Pid: p.pid, Test: true, Addr: { Network: p.network, String: p.address } },
  });
}
