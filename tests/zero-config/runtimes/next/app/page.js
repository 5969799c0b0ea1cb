// A server component page (rendered per request) around one client component.
import ClientProbe from './client-probe.js';

export const dynamic = 'force-dynamic';

export default function Page() {
  return <ClientProbe />;
}
