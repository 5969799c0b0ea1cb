// A route handler in the edge runtime.
import { probe } from '../../../probe.js';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ ...probe(), runtime: typeof EdgeRuntime === 'string' ? 'edge' : 'nodejs' });
}
