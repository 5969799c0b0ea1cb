// Google Authenticator's account transfer (`totp-wasm/migrate`; also in the main entry).
import type { ParsedUri } from './codes.js';

/** Where one transfer QR code stands in its export. */
export interface MigrationBatch {
  /** The payload format's version (1 in every export seen). */
  version: number;
  /** How many QR codes the export has. */
  batchSize: number;
  /** Which of them this is, from 0. */
  batchIndex: number;
  /** The same random number in every QR code of one export. */
  batchId: number;
}

/** An account to write: what parseUri or parseMigrationUri returns (period must be 30). */
export type MigrationAccount = Pick<ParsedUri, 'secret' | 'account'> &
  Partial<Pick<ParsedUri, 'type' | 'issuer' | 'algorithm' | 'digits' | 'period' | 'counter' | 'image'>>;

/** Options of migrationUris. */
export interface MigrationOptions {
  /** Accounts per QR code, 1 to 50. Default 4 (a version-19 QR code for typical accounts). */
  batchSize?: number;
}

/** Every account of an `otpauth-migration://offline?data=...` URI, with its batch fields. */
export function parseMigrationUri(uri: string): ParsedUri[] & MigrationBatch;
/** The URIs of an export's QR codes, `batchSize` accounts each. */
export function migrationUris(accounts: readonly MigrationAccount[], options?: MigrationOptions): string[];
