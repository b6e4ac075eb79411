// New-job forms for every endpoint: the contract's limits checked as you type, the price shown
// before you submit, the server's 422 messages placed on their fields. ?from=<job id> fills the
// form from an earlier job ("Run again"); ?url= fills the URL.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, fieldErrors, type VideoConduitError } from '../api';
import { FORM_TYPES, FORMS, initialValues, price, requestBody, TIME_PATTERN, visible, type Field, type FormContext, type FormType, type Values } from '../forms';
import { plural, shortId } from '../format';
import { asProblem, useLoad } from '../hooks';
import { navigate, useLocation } from '../router';
import { Loading, Problem } from '../ui';
import { InfoView } from '../views/info';

function FieldInput({ f, v, set, error, ctx }: { f: Field; v: Values; set: (name: string, value: string | boolean) => void; error?: string; ctx: FormContext }) {
  const id = `f-${f.name}`;
  const described = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: f.name, 'aria-describedby': described, 'aria-invalid': error ? true : undefined };
  const value = typeof v[f.name] === 'string' ? (v[f.name] as string) : '';
  const onInput = (e: Event) => set(f.name, (e.currentTarget as HTMLInputElement).value);
  let input;
  switch (f.kind) {
    case 'checkbox':
      return (
        <div class="field check">
          <input {...common} type="checkbox" checked={Boolean(v[f.name])} onChange={(e) => set(f.name, e.currentTarget.checked)} />
          <label for={id}>{f.label}</label>
          {f.hint && <p id={`${id}-hint`} class="hint">{f.hint}</p>}
        </div>
      );
    case 'select': {
      const options = typeof f.options === 'function' ? f.options(ctx) : f.options;
      input = (
        <select {...common} value={value} onChange={(e) => set(f.name, e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'url':
      input = <input {...common} type="url" inputMode="url" required={f.required} maxLength={4096} placeholder="https://…" value={value} onInput={onInput} />;
      break;
    case 'number': {
      const max = typeof f.max === 'function' ? f.max(v) : f.max;
      input = <input {...common} type="number" min={f.min} max={max} step={f.integer ? 1 : (f.step ?? 'any')} placeholder={f.placeholder} value={value} onInput={onInput} />;
      break;
    }
    case 'time':
      input = <input {...common} type="text" inputMode="decimal" pattern={f.allowAuto ? `auto|${TIME_PATTERN}` : TIME_PATTERN} placeholder={f.allowAuto ? '12.5, 1:30 or auto' : '12.5 or 1:30'} value={value} onInput={onInput} />;
      break;
    case 'text': {
      const list = f.list?.(ctx) ?? [];
      input = (
        <>
          <input {...common} type="text" pattern={f.pattern} maxLength={f.maxLength} placeholder={f.placeholder} required={f.required} list={list.length ? `${id}-list` : undefined} value={value} onInput={onInput} />
          {list.length > 0 && (
            <datalist id={`${id}-list`}>
              {list.map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          )}
        </>
      );
      break;
    }
  }
  return (
    <div class="field">
      <label for={id}>
        {f.label}
        {'required' in f && f.required && <span class="req"> (required)</span>}
      </label>
      {input}
      {f.hint && <p id={`${id}-hint`} class="hint">{f.hint}</p>}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function NewJobPage({ type: given }: { type: string }) {
  const type: FormType = (FORM_TYPES as string[]).includes(given) ? (given as FormType) : 'download';
  const { query } = useLocation();
  const from = query.get('from');
  const [values, setValues] = useState<Values>(() => initialValues(type, { url: query.get('url') ?? undefined }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<VideoConduitError>();
  const [busy, setBusy] = useState(false);
  const [info, setInfo] = useState<Record<string, unknown>>();
  const account = useLoad(() => api.account(), []);
  const languages = useLoad(() => api.languages().catch(() => undefined), []);
  const ctx: FormContext = useMemo(
    () => ({ modelSizes: languages.data?.model_sizes ?? [], targets: [...new Set((languages.data?.pairs ?? []).map((p) => p.target_language))].sort() }),
    [languages.data],
  );

  useEffect(() => {
    setErrors({});
    setProblem(undefined);
    setInfo(undefined);
    if (!from) return setValues(initialValues(type, { url: query.get('url') ?? undefined }));
    api.job(from).then(
      (job) => setValues(initialValues(type, { ...(job.request as Record<string, unknown>), metadata: job.metadata })),
      (e: unknown) => setProblem(asProblem(e)),
    );
  }, [type, from]);

  const set = (name: string, value: string | boolean) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors(({ [name]: _gone, ...rest }) => rest);
  };
  const cost = price(type, values);
  const balance = account.data?.credits_balance;
  const short = balance !== undefined && cost > balance;

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const invalid: Record<string, string> = {};
    for (const el of Array.from(form.elements) as HTMLInputElement[]) {
      if (el.name && el.willValidate && !el.checkValidity()) invalid[el.name] = el.validationMessage;
    }
    if (typeof values.metadata === 'string' && values.metadata.trim()) {
      try {
        const m = JSON.parse(values.metadata) as unknown;
        if (typeof m !== 'object' || m === null || Array.isArray(m)) invalid.metadata = 'Metadata must be a JSON object, like {"order": 42}.';
      } catch {
        invalid.metadata = 'Metadata is not valid JSON.';
      }
    }
    setErrors(invalid);
    if (Object.keys(invalid).length) {
      form.querySelector<HTMLElement>('[aria-invalid="true"], :invalid')?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const body = requestBody(type, values);
      if (type === 'info') setInfo(await api.info(String(body.url)));
      else navigate(`/jobs/${(await api.submit(type, body)).job_id}`);
      account.reload();
    } catch (err) {
      const p = asProblem(err);
      setErrors(Object.fromEntries(Object.entries(fieldErrors(p)).filter(([name]) => name in values)));
      setProblem(p);
    } finally {
      setBusy(false);
    }
  };

  const spec = FORMS[type];
  return (
    <section class="new-job">
      <h1>New job</h1>
      <nav class="tabs" aria-label="Job types">
        {FORM_TYPES.map((t) => (
          <a key={t} href={`/new/${t}`} aria-current={t === type ? 'page' : undefined}>
            {FORMS[t].title}
          </a>
        ))}
      </nav>
      <form class="card job-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="form-h">
        <h2 id="form-h">{spec.title}</h2>
        <p class="muted">{spec.summary}</p>
        {from && <p class="notice info small">Filled in from job {shortId(from)}; change anything before you run it again.</p>}
        <div class="fields">
          {visible(type, values).map((f) => (
            <FieldInput key={f.name} f={f} v={values} set={set} error={errors[f.name]} ctx={ctx} />
          ))}
        </div>
        {type !== 'info' && (
          <details class="advanced" open={Boolean(values.webhook_url || values.metadata)}>
            <summary>Webhook and metadata</summary>
            <FieldInput f={{ name: 'webhook_url', label: 'Webhook URL', kind: 'url', hint: 'Receives job.completed / job.failed for this job, signed with your account secret.' }} v={values} set={set} error={errors.webhook_url} ctx={ctx} />
            <div class="field">
              <label for="f-metadata">Metadata (JSON object)</label>
              <textarea id="f-metadata" name="metadata" rows={3} placeholder='{"order": 42}' value={String(values.metadata ?? '')} onInput={(e) => set('metadata', e.currentTarget.value)} aria-invalid={errors.metadata ? true : undefined} aria-describedby={errors.metadata ? 'f-metadata-error' : undefined} />
              {errors.metadata && <p id="f-metadata-error" class="field-error">{errors.metadata}</p>}
            </div>
          </details>
        )}
        <div class={`price${short ? ' short' : ''}`} aria-live="polite" data-testid="price">
          <span>
            Costs <strong>{plural(cost, 'credit')}</strong>
            {type === 'info' ? ', answered right away.' : ', charged now and refunded if the job fails through no fault of yours.'}
          </span>
          {account.data ? <span class="muted small">Balance: {plural(account.data.credits_balance, 'credit')}</span> : account.loading ? <Loading what="balance" /> : null}
        </div>
        {short && <p class="field-error">Not enough credits: ask the operator to add some.</p>}
        <Problem error={problem} title={problem?.code === 'validation_error' ? 'Please check the highlighted fields' : 'The job was not started'} />
        <button type="submit" disabled={busy || short}>
          {busy ? 'Starting…' : type === 'info' ? `Get info (${plural(cost, 'credit')})` : `Start ${spec.title.toLowerCase()} (${plural(cost, 'credit')})`}
        </button>
      </form>
      {info && <InfoView info={info} />}
    </section>
  );
}
