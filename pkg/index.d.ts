export * from './dist/totp_wasm.js';
import type { InitInput, SyncInitInput } from './dist/totp_wasm.js';

/**
 * Optional and idempotent: the package instantiates its wasm when it is imported. Pass where
 * the `.wasm` is if your bundler cannot find it (see the README, Bundlers).
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<void>;

/** Optional and idempotent, like `init`, for bytes or a compiled module already at hand. */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): void;
