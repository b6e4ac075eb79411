// Sign in with an API key (contract §11: a field labelled "API key", a button "Sign in").
// The key is checked with GET /v1/account and kept in session storage: closing the tab forgets it.
import { useState } from 'preact/hooks';
import { api, problemText, type VideoConduitError } from '../api';
import { asProblem } from '../hooks';

export function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<VideoConduitError>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const k = key.trim();
    setBusy(true);
    setError(undefined);
    try {
      await api.checkKey(k);
      onSignedIn(k);
    } catch (err) {
      setError(asProblem(err));
    } finally {
      setBusy(false);
    }
  };
  const message = !error
    ? null
    : error.code === 'unauthorized'
      ? 'That key is not valid. Check you copied all of it (it starts with vc_).'
      : error.code === 'forbidden'
        ? 'That key is deactivated. Ask your operator for a new one.'
        : problemText(error);
  return (
    <main id="main" class="sign-in">
      <div class="sign-in-card">
        <div class="brand big" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="40" height="40">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M12 9.5v13l10-6.5z" fill="var(--bg)" />
          </svg>
        </div>
        <h1>VideoConduit</h1>
        <p class="muted">Your jobs, their results, credits and webhooks.</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label for="api-key">API key</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            autoComplete="off"
            spellcheck={false}
            placeholder="vc_…"
            required
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            aria-describedby={message ? 'sign-in-error key-hint' : 'key-hint'}
            aria-invalid={message ? true : undefined}
          />
          <p id="key-hint" class="hint">
            Kept in this tab only (session storage); signing out or closing the tab forgets it.
          </p>
          {message && (
            <p id="sign-in-error" class="field-error" role="alert">
              {message}
            </p>
          )}
          <button type="submit" disabled={busy || key.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p class="small muted">
          No key yet? The operator creates one with <code>videoconduit keys create</code>. The API itself is described in the{' '}
          <a href="/docs">API reference</a>.
        </p>
      </div>
    </main>
  );
}
