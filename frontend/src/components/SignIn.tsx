import { useState } from 'react';

/**
 * Asks for a bearer token when there is none or the server refused it: why (the 401's message), a
 * paste field, the ?token= alternative, and the demo sign-in when the server offers it.
 */
export function SignIn({ message, demo, onToken, onDemo }: {
  message: string | null; demo: boolean; onToken: (token: string) => void; onDemo: () => void;
}) {
  const [token, setToken] = useState('');
  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in to UsageLens</h1>
      {message && (
        <div className="notice error" role="alert">
          <p><strong>{message}</strong></p>
          <p>Paste a new token below, or open the dashboard with <code>?token=…</code> in its address.</p>
        </div>
      )}
      {demo && (
        <p>
          This server runs in demo mode.{' '}
          <button type="button" onClick={onDemo}>Sign in as the demo user</button>
        </p>
      )}
      <form onSubmit={(e) => { e.preventDefault(); if (token.trim()) onToken(token.trim()); }}>
        <label htmlFor="token-input">Bearer token (a JWT issued for UsageLens)</label>
        <input id="token-input" name="token" type="password" autoComplete="off" spellCheck={false}
          value={token} onChange={(e) => setToken(e.target.value)} placeholder="eyJhbGciOi…" required />
        <button type="submit">Sign in</button>
        <p className="hint">
          The token stays in this browser tab's session storage and is sent only to this server. You can also
          open <code>{window.location.origin}/?token=&lt;your token&gt;</code>; the token is then taken out of the address.
        </p>
      </form>
    </section>
  );
}
