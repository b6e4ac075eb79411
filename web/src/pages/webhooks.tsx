// Webhook endpoints: create them, see each one's delivery log with the receiver's answers,
// send a test event, rotate the secret, pause or delete.
import { useState } from 'preact/hooks';
import { api, type Delivery, type VideoConduitError, type Webhook, type WebhookEvent } from '../api';
import { ago, shortId, when } from '../format';
import { asProblem, useInterval, useLoad } from '../hooks';
import { navigate } from '../router';
import { Facts, Loading, Notice, Problem, SecretOnce } from '../ui';

const EVENTS: WebhookEvent[] = ['job.completed', 'job.failed', 'job.cancelled'];

function CreateWebhook({ onCreated }: { onCreated: (w: Webhook & { secret: string }) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['job.completed', 'job.failed']);
  const [error, setError] = useState<VideoConduitError>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      onCreated((await api.createWebhook({ url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) })) as Webhook & { secret: string });
      setUrl('');
      setDescription('');
    } catch (err) {
      setError(asProblem(err));
    }
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="create-h">
      <h2 id="create-h">Add an endpoint</h2>
      <div class="field">
        <label for="wh-url">Endpoint URL</label>
        <input id="wh-url" type="url" required maxLength={2048} placeholder="https://example.com/hooks/videoconduit" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      </div>
      <fieldset class="field">
        <legend>Events</legend>
        {EVENTS.map((ev) => (
          <div class="check" key={ev}>
            <input id={`ev-${ev}`} type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents(e.currentTarget.checked ? [...events, ev] : events.filter((x) => x !== ev))} />
            <label for={`ev-${ev}`}>{ev}</label>
          </div>
        ))}
      </fieldset>
      <div class="field">
        <label for="wh-desc">Description (optional)</label>
        <input id="wh-desc" maxLength={500} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </div>
      <Problem error={error} title="Could not add the endpoint" />
      <button type="submit" disabled={!url.trim() || events.length === 0}>
        Add endpoint
      </button>
    </form>
  );
}

export function WebhooksPage() {
  const list = useLoad(() => api.webhooks(), []);
  const [created, setCreated] = useState<Webhook & { secret: string }>();
  return (
    <section>
      <h1>Webhooks</h1>
      <p class="muted">
        Endpoints receive <code>job.completed</code>, <code>job.failed</code> and <code>job.cancelled</code> for every job of this account, signed (Standard Webhooks and{' '}
        <code>X-VideoConduit-Signature</code>). Failed deliveries are retried with backoff for a day.
      </p>
      {created && (
        <>
          <SecretOnce name={`signing secret for ${created.url}`} value={created.secret} />
          <p>
            <a href={`/webhooks/${created.id}`}>Open the new endpoint</a>
          </p>
        </>
      )}
      <Problem error={list.error} title="Could not load webhooks" />
      {list.loading && !list.data && <Loading what="webhooks" />}
      {list.data && list.data.data.length === 0 && <p class="empty">No endpoints yet.</p>}
      {list.data && list.data.data.length > 0 && (
        <ul class="endpoint-list">
          {list.data.data.map((w) => (
            <li key={w.id} class="endpoint">
              <a href={`/webhooks/${w.id}`} class="endpoint-url">
                {w.url}
              </a>
              <span class={`badge ${w.enabled ? 'status-completed' : 'status-failed'}`}>{w.enabled ? 'enabled' : 'disabled'}</span>
              <span class="muted small">{w.events.join(', ')}</span>
              {w.description && <span class="small">{w.description}</span>}
            </li>
          ))}
        </ul>
      )}
      <CreateWebhook
        onCreated={(w) => {
          setCreated(w);
          list.reload();
        }}
      />
    </section>
  );
}

function DeliveryRow({ d }: { d: Delivery }) {
  return (
    <li class={`delivery ${d.success ? 'ok' : 'bad'}`} data-delivery-id={d.id}>
      <div class="delivery-head">
        <span class={`badge ${d.success ? 'status-completed' : 'status-failed'}`}>{d.status_code ?? 'no answer'}</span>
        <strong>{d.event_type}</strong>
        <span class="muted small">
          attempt {d.attempt} · {d.duration_ms} ms · <time dateTime={d.created_at} title={when(d.created_at)}>{ago(d.created_at)}</time>
        </span>
      </div>
      {d.error && <p class="small field-error">{d.error}</p>}
      {d.response_excerpt && (
        <details>
          <summary>Response</summary>
          <pre class="excerpt">{d.response_excerpt}</pre>
        </details>
      )}
      {d.next_attempt_at && <p class="muted small">Next attempt {ago(d.next_attempt_at)}.</p>}
    </li>
  );
}

export function WebhookPage({ id }: { id: string }) {
  const hook = useLoad(() => api.webhook(id), [id]);
  const deliveries = useLoad(() => api.deliveries(id), [id]);
  const [secret, setSecret] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<VideoConduitError>();
  const [polls, setPolls] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // After a test event, look for its delivery a few times.
  useInterval(
    () => {
      deliveries.reload();
      setPolls((n) => n - 1);
    },
    polls > 0 ? 1000 : null,
  );

  const act = async (fn: () => Promise<void>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      await fn();
    } catch (e) {
      setError(asProblem(e));
    }
  };
  if (hook.error) return <Problem error={hook.error} title="Could not load the endpoint" />;
  if (!hook.data) return <Loading what="the endpoint" />;
  const w = hook.data;
  return (
    <section>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/webhooks">Webhooks</a> <span aria-hidden="true">/</span> <span>{shortId(w.id)}</span>
      </nav>
      <h1 class="break">{w.url}</h1>
      <Facts
        rows={[
          ['Status', w.enabled ? 'enabled' : `disabled${w.disabled_reason ? `: ${w.disabled_reason}` : ''}`],
          ['Events', w.events.join(', ')],
          ['Description', w.description],
          ['Secret', <code>{w.secret_hint}</code>],
          ['Created', when(w.created_at)],
        ]}
      />
      {secret && <SecretOnce name="signing secret" value={secret} />}
      {message && <Notice kind="success">{message}</Notice>}
      <Problem error={error} title="That did not work" />
      <div class="actions">
        <button type="button" onClick={() => void act(async () => { const r = await api.testWebhook(id); setMessage(`Test event ${r.event_id} sent; its delivery appears below.`); setPolls(5); })}>
          Send test event
        </button>
        <button type="button" class="secondary" onClick={() => void act(async () => { const r = await api.rotateWebhookSecret(id); setSecret(r.secret); hook.set(r); })}>
          Rotate secret
        </button>
        <button type="button" class="secondary" onClick={() => void act(async () => hook.set(await api.updateWebhook(id, { enabled: !w.enabled })))}>
          {w.enabled ? 'Disable' : 'Enable'}
        </button>
        {!confirmDelete ? (
          <button type="button" class="danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        ) : (
          <span class="confirm" role="group" aria-label="Confirm deleting">
            <span>Delete this endpoint and its delivery log?</span>
            <button type="button" class="danger" onClick={() => void act(async () => { await api.deleteWebhook(id); navigate('/webhooks'); })}>
              Yes, delete
            </button>
            <button type="button" class="secondary" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </span>
        )}
      </div>
      <section class="card" aria-labelledby="deliveries-h">
        <div class="page-head">
          <h2 id="deliveries-h">Delivery log</h2>
          <button type="button" class="secondary small" onClick={deliveries.reload}>
            Refresh
          </button>
        </div>
        {deliveries.data && deliveries.data.data.length === 0 && <p class="muted">No deliveries yet. Send a test event to try the endpoint.</p>}
        {deliveries.data && deliveries.data.data.length > 0 && (
          <ul class="deliveries" aria-label="Deliveries, newest first">
            {deliveries.data.data.map((d) => (
              <DeliveryRow key={d.id} d={d} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
