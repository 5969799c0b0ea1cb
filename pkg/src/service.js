// The drop-in TOTPService for code written against the widely copied recipe, as plain JS over
// the exported functions.
import { generateSecret, provisioningUri, verifyTotp } from './codes.js';
import { qrDataUrl } from './qr.js';
import { generateBackupCodes } from './protect.js';

const renamed = (error, from, to) =>
  error instanceof Error && error.message.startsWith(`${from}:`)
    ? new error.constructor(to + error.message.slice(from.length))
    : error;

export class TOTPService {
  generateSecret() {
    return generateSecret();
  }

  getProvisioningUri(secret, userEmail, issuer) {
    try {
      return provisioningUri({ secret, account: userEmail, issuer });
    } catch (error) {
      throw renamed(error, 'account', 'userEmail');
    }
  }

  async generateQRCode(provisioningUri) {
    try {
      return qrDataUrl(provisioningUri);
    } catch (error) {
      throw renamed(error, 'text', 'provisioningUri');
    }
  }

  verifyToken(secret, token, window = 1) {
    return verifyTotp(secret, token, { window });
  }

  generateBackupCodes(count = 10) {
    return generateBackupCodes(count);
  }
}
