// totp-wasm: every name of the API. The features are also subpath entries
// (`totp-wasm/codes`, `totp-wasm/qr`, `totp-wasm/protect`, `totp-wasm/migrate`).

export * from './codes.js';
export * from './qr.js';
export * from './protect.js';
export * from './migrate.js';

/**
 * The drop-in class for code written against the widely copied `TOTPService` recipe
 * (speakeasy + qrcode): same methods, same arguments, same results.
 */
export declare class TOTPService {
  /** A new 160-bit base32 secret. */
  generateSecret(): string;
  /** `otpauth://totp/issuer:userEmail?secret=...&issuer=...` with the default parameters. */
  getProvisioningUri(secret: string, userEmail: string, issuer: string): string;
  /** The QR code of the URI as an SVG data URL, for `<img src>`. */
  generateQRCode(provisioningUri: string): Promise<string>;
  /** verifyTotp(secret, token, { window }): SHA1, 6 digits, 30 s. */
  verifyToken(secret: string, token: string, window?: number): boolean;
  /** Same as the top-level generateBackupCodes. */
  generateBackupCodes(count?: number): string[];
}


/**
 * Optional: nothing needs it. For a host that refuses to compile WebAssembly synchronously,
 * `await init()` compiles every wasm file asynchronously first. Idempotent.
 */
export function init(): Promise<void>;

/** Optional and idempotent: instantiates every wasm file now instead of on first use. */
export function initSync(): void;
