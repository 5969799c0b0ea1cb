// Secrets, HOTP/TOTP codes and otpauth URIs (`totp-wasm/codes`; also in the main entry).

/** The HMAC hash function. Only SHA1 is supported by every authenticator app. */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
/** Options shared by the TOTP functions. */
export interface OtpOptions {
  /** HMAC hash function. Default 'SHA1'. */
  algorithm?: Algorithm;
  /** Digits per code, 6 to 8. Default 6 (5 with `encoder: 'steam'`, the only value it takes). */
  digits?: number;
  /** 'steam': Steam Guard codes, five characters of 23456789BCDFGHJKMNPQRTVWXY. */
  encoder?: 'steam' | null;
  /** Seconds per time step, 1 to 3600. Default 30. */
  period?: number;
  /** The time to compute for: a Date or milliseconds since the epoch. Default: now. */
  time?: Date | number;
}

/** Options of verifyTotp and checkTotp. */
export interface VerifyOptions extends OtpOptions {
  /** Steps accepted on each side of the current one, 0 to 10. Default 1. */
  window?: number;
}

/** Options of generateHotp. */
export interface HotpOptions {
  /** HMAC hash function. Default 'SHA1'. */
  algorithm?: Algorithm;
  /** Digits per code, 6 to 8. Default 6. */
  digits?: number;
}

/** Options of checkHotp. */
export interface CheckHotpOptions extends HotpOptions {
  /** Counters after `counter` also tried, 0 to 100. Default 0. */
  lookAhead?: number;
}

/** Options of remainingSeconds. */
export interface RemainingSecondsOptions {
  /** Seconds per time step, 1 to 3600. Default 30. */
  period?: number;
  /** A Date or milliseconds since the epoch. Default: now. */
  time?: Date | number;
}

/** Options of provisioningUri. */
export interface ProvisioningUriOptions {
  /** The base32 secret. */
  secret: string;
  /** The account name shown in the app, e.g. the user's e-mail. No ':'. */
  account: string;
  /** The service name shown in the app. No ':'. */
  issuer?: string;
  /** 'totp' (default) or 'hotp'. */
  type?: 'totp' | 'hotp';
  /** Default 'SHA1'. Many apps ignore other values. */
  algorithm?: Algorithm;
  /** 6 to 8, default 6. Many apps ignore other values. */
  digits?: number;
  /** 'steam': a Steam Guard account (`&encoder=steam`; the issuer defaults to 'Steam'). */
  encoder?: 'steam';
  /** TOTP only: 1 to 3600 seconds, default 30. Many apps ignore other values. */
  period?: number;
  /** HOTP only, and required there: the initial counter. */
  counter?: number;
  /** A logo URL some apps show. */
  image?: string;
  /**
   * Accept a secret of 80 to 127 bits (to re-issue an existing one). Without it, a secret
   * under 128 bits throws RangeError.
   */
  allowShortSecret?: boolean;
}

/** What parseUri returns. */
export interface ParsedUri {
  type: 'totp' | 'hotp';
  /** Upper-case, unpadded base32. */
  secret: string;
  account: string;
  issuer: string | null;
  algorithm: Algorithm;
  /** 6 to 8; 5 for Steam Guard. */
  digits: number;
  /** 'steam' for Steam Guard (`encoder=steam`, or a TOTP issued by Steam), else null. */
  encoder: 'steam' | null;
  /** The period in seconds (30 if absent); for hotp URIs too, where apps ignore it. */
  period: number;
  /** The counter for hotp; null for totp. */
  counter: number | null;
  /** The `image` parameter, if any. */
  image: string | null;
}


/** `bytes` (16 to 64, default 20) random bytes from the platform CSPRNG, as base32. */
export function generateSecret(bytes?: number): string;
/** The TOTP code (RFC 6238) for `options.time` (default: now). */
export function generateTotp(secret: string, options?: OtpOptions): string;
/** Whether `token` is the code of a step within `window` of the current one; constant-time. */
export function verifyTotp(secret: string, token: string, options?: VerifyOptions): boolean;
/** The matching step's offset (-1, 0, 1, ...), preferring the smallest; null when none matches. */
export function checkTotp(secret: string, token: string, options?: VerifyOptions): number | null;
/** The HOTP code (RFC 4226) for `counter` (0 to 2^53 - 1). */
export function generateHotp(secret: string, counter: number, options?: HotpOptions): string;
/** The counter in `counter ..= counter + lookAhead` whose code is `token`, or null; store it + 1. */
export function checkHotp(secret: string, token: string, counter: number, options?: CheckHotpOptions): number | null;
/** Whole seconds until the current code changes (1 to period). */
export function remainingSeconds(options?: RemainingSecondsOptions): number;
/** The `otpauth://` URI an authenticator app scans. */
export function provisioningUri(options: ProvisioningUriOptions): string;
/** Reads an `otpauth://` URI; anything malformed throws. */
export function parseUri(uri: string): ParsedUri;
