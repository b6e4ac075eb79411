// The account: balance, plan and rate limit, usage over time from the ledger, the ledger
// itself, the account's API keys (this tab's marked), and the webhook signing secret.
import { useState } from 'preact/hooks';
import { api, session, type ApiKey, type LedgerEntry, type VideoConduitError } from '../api';
import { ago, shortId, when } from '../format';
import { asProblem, useLoad } from '../hooks';
import { Loading, Problem, ScrollTable, SecretOnce } from '../ui';
import { UsageChart, usageByDay } from '../views/usage-chart';

/** Enough ledger pages to cover the chart's 30 days for a busy account, and no more. */
const MAX_LEDGER_PAGES = 5;

async function recentLedger(): Promise<LedgerEntry[]> {
  const since = new Date(Date.now() - 31 * 86_400_000).toISOString();
  const out: LedgerEntry[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_LEDGER_PAGES; i++) {
    const page = await api.ledger(cursor);
    out.push(...page.data);
    if (!page.has_more || !page.next_cursor || (page.data.at(-1)?.created_at ?? '') < since) break;
    cursor = page.next_cursor;
  }
  return out;
}

function maskedKey(key: string | null): string {
  if (!key) return '—';
  return `${key.slice(0, 7)}…${key.slice(-4)}`;
}

function Keys({ keys }: { keys: ApiKey[] }) {
  if (keys.length === 0) return null;
  return (
    <ScrollTable label="API keys of this account" class="keys" columns={['Name', 'Key', 'Status', 'Created', 'Last used']}>
      {keys.map((k) => (
        <tr key={k.id} data-key-id={k.id} aria-current={k.current ? 'true' : undefined}>
          <td>
            {k.name}
            {k.current && <span class="badge tag">this tab</span>}
          </td>
          <td>
            <code>
              {k.prefix}…{k.last4}
            </code>
          </td>
          <td>
            <span class={`badge ${k.active ? 'status-completed' : 'status-failed'}`}>{k.active ? 'active' : 'deactivated'}</span>
          </td>
          <td>
            <time dateTime={k.created_at} title={when(k.created_at)}>
              {ago(k.created_at)}
            </time>
          </td>
          <td>
            {k.last_used_at ? (
              <time dateTime={k.last_used_at} title={when(k.last_used_at)}>
                {ago(k.last_used_at)}
              </time>
            ) : (
              <span class="muted">never</span>
            )}
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}

function WebhookSecret({ hint }: { hint: string }) {
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<VideoConduitError>();
  const [shownHint, setHint] = useState(hint);
  const rotate = async () => {
    try {
      const r = await api.rotateAccountSecret();
      setSecret(r.webhook_secret);
      setHint(r.webhook_secret_hint);
    } catch (e) {
      setError(asProblem(e));
    }
  };
  return (
    <section class="card" aria-labelledby="secret-h">
      <h2 id="secret-h">Webhook signing secret</h2>
      <p>
        Signs deliveries to the <code>webhook_url</code> you give a job. Current secret: <code>{shownHint}</code>
      </p>
      {secret && <SecretOnce name="account webhook secret" value={secret} />}
      <Problem error={error} title="Could not rotate the secret" />
      <button type="button" class="secondary" onClick={() => void rotate()}>
        Rotate secret
      </button>
      <p class="hint">The previous secret keeps signing for 24 hours, so receivers can switch over.</p>
    </section>
  );
}

export function AccountPage() {
  const account = useLoad(() => api.account(), []);
  const ledger = useLoad(recentLedger, []);
  const keys = useLoad(() => api.keys(), []);
  if (account.error) return <Problem error={account.error} title="Could not load the account" />;
  if (!account.data) return <Loading what="the account" />;
  const a = account.data;
  return (
    <section class="account">
      <h1>Account</h1>
      <div class="stats">
        <div class="stat">
          <span class="stat-label">Balance</span>
          <span class="stat-value" data-testid="balance">
            {a.credits_balance.toLocaleString('en')}
          </span>
          <span class="muted small">credits</span>
        </div>
        <div class="stat">
          <span class="stat-label">Plan</span>
          <span class="stat-value">{a.plan}</span>
        </div>
        <div class="stat">
          <span class="stat-label">Rate limit</span>
          <span class="stat-value">{a.rate_limit_per_minute.toLocaleString('en')}</span>
          <span class="muted small">requests a minute</span>
        </div>
      </div>
      <section class="card" aria-labelledby="usage-h">
        <h2 id="usage-h">Usage</h2>
        {ledger.error && <Problem error={ledger.error} title="Could not load the ledger" />}
        {ledger.data ? <UsageChart days={usageByDay(ledger.data)} /> : !ledger.error && <Loading what="usage" />}
      </section>
      <section class="card" aria-labelledby="ledger-h">
        <h2 id="ledger-h">Ledger</h2>
        {ledger.data && ledger.data.length === 0 && <p class="muted">No entries yet.</p>}
        {ledger.data && ledger.data.length > 0 && (
          <ScrollTable label="Ledger entries" class="ledger" columns={['When', 'Change', 'Balance', 'Reason']}>
            {ledger.data.slice(0, 25).map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.created_at} title={when(e.created_at)}>
                    {ago(e.created_at)}
                  </time>
                </td>
                <td class={e.delta < 0 ? 'neg' : 'pos'}>{e.delta > 0 ? `+${e.delta}` : e.delta}</td>
                <td>{e.balance_after}</td>
                <td>
                  {e.reason}
                  {e.job_id && (
                    <>
                      {' '}
                      <a href={`/jobs/${e.job_id}`}>job {shortId(e.job_id)}</a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </ScrollTable>
        )}
      </section>
      <section class="card" aria-labelledby="keys-h">
        <h2 id="keys-h">API keys</h2>
        <p>
          This tab is signed in as <strong>{a.name}</strong> with <code>{maskedKey(session.key())}</code>.
        </p>
        {keys.error && <Problem error={keys.error} title="Could not list the keys" />}
        {keys.data ? <Keys keys={keys.data.data} /> : !keys.error && <Loading what="keys" />}
        {keys.data?.has_more && <p class="muted small">Showing the newest {keys.data.data.length} keys.</p>}
        <p class="muted">
          Keys are created and revoked by the operator (<code>videoconduit keys create|revoke</code>); each is shown once and stored only as a hash, so
          only its first and last characters appear here. Account id: <code>{a.id}</code>.
        </p>
      </section>
      <WebhookSecret hint={a.webhook_secret_hint} />
    </section>
  );
}
