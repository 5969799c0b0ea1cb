'use client';
// Runs probe() three ways: while Next server-renders this client component (#ssr, URI-encoded JSON
// so the HTML needs no unescaping), after hydration in the browser (#hydrated), and through a
// server action called from the browser (#action).
import { useEffect, useState } from 'react';
import { probe } from '../probe.js';
import { runProbe } from './actions.js';

export default function ClientProbe() {
  const [hydrated, setHydrated] = useState(null);
  const [action, setAction] = useState(null);
  useEffect(() => setHydrated(probe()), []);
  return (
    <main>
      <pre id="ssr" suppressHydrationWarning>
        {typeof window === 'undefined' ? encodeURIComponent(JSON.stringify(probe())) : ''}
      </pre>
      {hydrated && <pre id="hydrated">{JSON.stringify(hydrated)}</pre>}
      <button id="run-action" type="button" onClick={async () => setAction(await runProbe())}>
        server action
      </button>
      {action && <pre id="action">{JSON.stringify(action)}</pre>}
    </main>
  );
}
