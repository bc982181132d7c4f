/**
 * A Terraform-like client for tests: connects to a served provider over its unix socket (mutual
 * TLS when a server certificate is given, as go-plugin does), using @grpc/grpc-js, an independent
 * gRPC implementation, so tests check interoperability rather than our server against itself.
 * Not imported by the provider itself (and so not bundled).
 */
import * as grpc from '@grpc/grpc-js';
import type { AttributePath, CtyType, Diagnostic, TfValue } from '../framework/contract';
import { toPem } from '../../x509/certificate';
import { decodeAttributePath, decodeDiagnostic } from './messages';
import { decodeMsgpack, encodeMsgpack } from './msgpack';
import { METHOD } from './provider-service';
import { ProtoFields, ProtoWriter } from './wire';

export interface ClientTls {
  /** The server certificate from the handshake line (DER). */
  serverCertDer: Uint8Array;
  clientCertPem: string;
  clientKeyPem: string;
}

/** Parses a go-plugin handshake line. */
export function parseHandshake(line: string): { core: number; version: number; network: string; address: string; protocol: string; serverCertDer?: Buffer } {
  const [core, version, network, address, protocol, cert] = line.trim().split('|');
  return {
    core: Number(core),
    version: Number(version),
    network: network ?? '',
    address: address ?? '',
    protocol: protocol ?? '',
    serverCertDer: cert ? Buffer.from(cert, 'base64') : undefined,
  };
}

export class GrpcCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const identity = (b: Buffer) => b;

/** A raw unary client plus typed helpers for the RPCs Terraform makes. */
export class ProviderTestClient {
  readonly grpc: grpc.Client;

  constructor(address: string, tls?: ClientTls) {
    const creds = tls ? grpc.credentials.createSsl(Buffer.from(toPem('CERTIFICATE', tls.serverCertDer)), Buffer.from(tls.clientKeyPem), Buffer.from(tls.clientCertPem)) : grpc.credentials.createInsecure();
    this.grpc = new grpc.Client(`unix://${address}`, creds, {
      'grpc.ssl_target_name_override': 'localhost',
      'grpc.default_authority': 'localhost',
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
    });
  }

  close(): void {
    this.grpc.close();
  }

  /** One unary call with raw bytes; rejects with GrpcCallError on a non-OK status. */
  call(path: string, request: Uint8Array): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.grpc.makeUnaryRequest(path, identity, identity, Buffer.from(request), (err, res) => {
        if (err) reject(new GrpcCallError(err.code, err.details || err.message));
        else resolve(res ?? Buffer.alloc(0));
      });
    });
  }

  async getProviderSchema(): Promise<ProtoFields> {
    return ProtoFields.parse(await this.call(METHOD.getProviderSchema, Buffer.alloc(0)));
  }

  async validateProviderConfig(config: Uint8Array): Promise<Diagnostic[]> {
    return diagnostics(await this.call(METHOD.validateProviderConfig, new ProtoWriter().message(1, dv(config)).finish()), 2);
  }

  async configureProvider(config: Uint8Array, terraformVersion = '1.11.4'): Promise<Diagnostic[]> {
    const req = new ProtoWriter().string(1, terraformVersion).message(2, dv(config)).message(3, new ProtoWriter().bool(2, true).finish()).finish();
    return diagnostics(await this.call(METHOD.configureProvider, req), 1);
  }

  async validateResourceConfig(typeName: string, config: Uint8Array): Promise<Diagnostic[]> {
    return diagnostics(await this.call(METHOD.validateResourceConfig, new ProtoWriter().string(1, typeName).message(2, dv(config)).finish()), 1);
  }

  async upgradeResourceState(typeName: string, version: number, json: string, type: CtyType) {
    const req = new ProtoWriter().string(1, typeName).int(2, version).message(3, new ProtoWriter().bytesAlways(1, Buffer.from(json)).finish()).finish();
    const f = ProtoFields.parse(await this.call(METHOD.upgradeResourceState, req));
    return { state: value(f.message(1), type), diagnostics: f.repeated(2).map(decodeDiagnostic) };
  }

  async readResource(typeName: string, state: Uint8Array, type: CtyType, priv = Buffer.alloc(0)) {
    const req = new ProtoWriter().string(1, typeName).message(2, dv(state)).bytes(3, priv).finish();
    const f = ProtoFields.parse(await this.call(METHOD.readResource, req));
    return { newState: value(f.message(1), type), diagnostics: f.repeated(2).map(decodeDiagnostic), private: f.bytes(3) };
  }

  async planResourceChange(typeName: string, parts: { prior: Uint8Array; proposed: Uint8Array; config: Uint8Array; priorPrivate?: Uint8Array }, type: CtyType) {
    const req = new ProtoWriter().string(1, typeName).message(2, dv(parts.prior)).message(3, dv(parts.proposed)).message(4, dv(parts.config)).bytes(5, parts.priorPrivate).finish();
    const f = ProtoFields.parse(await this.call(METHOD.planResourceChange, req));
    return { plannedState: value(f.message(1), type), requiresReplace: f.repeated(2).map(decodeAttributePath) as AttributePath[], plannedPrivate: f.bytes(3), diagnostics: f.repeated(4).map(decodeDiagnostic) };
  }

  async applyResourceChange(typeName: string, parts: { prior: Uint8Array; planned: Uint8Array; config: Uint8Array; plannedPrivate?: Uint8Array }, type: CtyType) {
    const req = new ProtoWriter().string(1, typeName).message(2, dv(parts.prior)).message(3, dv(parts.planned)).message(4, dv(parts.config)).bytes(5, parts.plannedPrivate).finish();
    const f = ProtoFields.parse(await this.call(METHOD.applyResourceChange, req));
    return { newState: value(f.message(1), type), private: f.bytes(2), diagnostics: f.repeated(3).map(decodeDiagnostic) };
  }

  async importResourceState(typeName: string, id: string, type: CtyType) {
    const f = ProtoFields.parse(await this.call(METHOD.importResourceState, new ProtoWriter().string(1, typeName).string(2, id).finish()));
    const imported = f.repeated(1).map((b) => {
      const r = ProtoFields.parse(b);
      return { typeName: r.string(1), state: value(r.message(2), type), private: r.bytes(3) };
    });
    return { imported, diagnostics: f.repeated(2).map(decodeDiagnostic) };
  }

  async stopProvider(): Promise<string> {
    return ProtoFields.parse(await this.call(METHOD.stopProvider, Buffer.alloc(0))).string(1);
  }

  async healthCheck(service = 'plugin'): Promise<number> {
    return ProtoFields.parse(await this.call(METHOD.healthCheck, new ProtoWriter().string(1, service).finish())).int(1);
  }

  async shutdown(): Promise<void> {
    await this.call(METHOD.shutdown, Buffer.alloc(0));
  }
}

/** msgpack bytes of a value, for building requests. */
export function msgpack(v: TfValue, type: CtyType): Buffer {
  return encodeMsgpack(v, type);
}

function dv(msgpackBytes: Uint8Array): Buffer {
  return new ProtoWriter().bytesAlways(1, msgpackBytes).finish();
}

function diagnostics(buf: Buffer, field: number): Diagnostic[] {
  return ProtoFields.parse(buf).repeated(field).map(decodeDiagnostic);
}

function value(dynamicValue: Buffer | undefined, type: CtyType): TfValue | undefined {
  if (!dynamicValue) return undefined;
  const bytes = ProtoFields.parse(dynamicValue).bytes(1);
  return bytes.length ? decodeMsgpack(bytes, type) : undefined;
}
