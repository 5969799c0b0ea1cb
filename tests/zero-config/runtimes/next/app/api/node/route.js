// A route handler in the default (Node.js) runtime.
import { probe } from '../../../probe.js';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ ...probe(), runtime: typeof EdgeRuntime === 'string' ? 'edge' : 'nodejs' });
}
