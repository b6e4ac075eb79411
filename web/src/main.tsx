// The dashboard's shell: sign-in, navigation and the page for the current URL.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { session, whenUnauthorized } from './api';
import { match, navigate, useLocation } from './router';
import { AccountPage } from './pages/account';
import { JobPage } from './pages/job';
import { JobsPage } from './pages/jobs';
import { NewJobPage } from './pages/new-job';
import { SignIn } from './pages/sign-in';
import { WebhookPage, WebhooksPage } from './pages/webhooks';

const NAV: [string, string][] = [
  ['/jobs', 'Jobs'],
  ['/new', 'New job'],
  ['/account', 'Account'],
  ['/webhooks', 'Webhooks'],
];

function Page({ path }: { path: string }) {
  let p: Record<string, string> | null;
  if ((p = match('/jobs/:id', path))) return <JobPage id={p.id} />;
  if (match('/jobs', path) || match('/', path)) return <JobsPage />;
  if ((p = match('/new/:type', path))) return <NewJobPage type={p.type} />;
  if (match('/new', path)) return <NewJobPage type="download" />;
  if (match('/account', path)) return <AccountPage />;
  if ((p = match('/webhooks/:id', path))) return <WebhookPage id={p.id} />;
  if (match('/webhooks', path)) return <WebhooksPage />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href="/jobs">See your jobs</a>.
      </p>
    </section>
  );
}

const isCurrent = (href: string, path: string) => path === href || path.startsWith(`${href}/`) || (href === '/jobs' && path === '/');

const TITLES: [string, string][] = [
  ['/jobs/', 'Job'],
  ['/new', 'New job'],
  ['/account', 'Account'],
  ['/webhooks', 'Webhooks'],
];

function App() {
  const loc = useLocation();
  const [key, setKey] = useState(session.key());
  useEffect(() => {
    whenUnauthorized(() => {
      session.clear();
      setKey(null);
    });
  }, []);
  useEffect(() => {
    const t = TITLES.find(([prefix]) => loc.path.startsWith(prefix));
    document.title = key ? `${t ? t[1] : 'Jobs'} · VideoConduit` : 'Sign in · VideoConduit';
  }, [loc.path, key]);

  if (!key) return <SignIn onSignedIn={(k) => (session.set(k), setKey(k))} />;
  const signOut = () => {
    session.clear();
    setKey(null);
    navigate('/', { replace: true });
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/jobs" aria-label="VideoConduit, your jobs">
          <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M12 9.5v13l10-6.5z" fill="var(--bg)" />
          </svg>
          <span>VideoConduit</span>
        </a>
        <nav aria-label="Main">
          {NAV.map(([href, label]) => (
            <a key={href} href={href} aria-current={isCurrent(href, loc.path) ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <a href="/docs" target="_blank" rel="noopener">
            API reference<span class="visually-hidden"> (opens in a new tab)</span>
          </a>
        </nav>
        <button type="button" class="secondary small" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={loc.path} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
