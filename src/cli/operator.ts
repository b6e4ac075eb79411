// Operator commands: run the service and manage accounts, credits and keys on the database
// directly (the same work as the admin API). Config is read only when a command runs, so
// `--help` never touches the environment, the database or the network.
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { accountView, createAccount, CreditLimitError, getAccount, grantCredits, listAccounts, MAX_CREDIT_GRANT } from '../store/accounts.js';
import { describeDatabase } from '../store/describe.js';
import { createKey, keyView, listKeys, setKeyActive } from '../store/keys.js';
import { migrate, openStore, type Store } from '../store/db.js';
import { CliError, ExitCode } from './errors.js';

export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number ≥ ${min}.` : `expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

async function withStore<T>(config: Readonly<Config>, fn: (store: Store) => Promise<T>): Promise<T> {
  console.error(describeDatabase(config)); // stderr: --json output stays parseable
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(store);
    return await fn(store);
  } catch (err) {
    // A balance that would pass its bound: one line (the flag's own range is checked by commander).
    if (err instanceof CreditLimitError) throw new CliError(err.message, ExitCode.Failure);
    throw err;
  } finally {
    await store.close();
  }
}

const print = (json: boolean, value: unknown, text: string) => console.log(json ? JSON.stringify(value, null, 2) : text);

async function existing(store: Store, id: string) {
  const acct = await getAccount(store.db, id);
  if (!acct) throw new CliError(`no account ${id}; \`videoconduit accounts list\` shows them`, ExitCode.Failure);
  return acct;
}

export function registerOperatorCommands(program: Command): void {
  program
    .command('serve')
    .description('run the API and the job queue (VC_HOST, VC_PORT, …; VC_JOB_CONCURRENCY=0: API only; docs/configuration.md)')
    .action(async () => {
      const { serve } = await import('../serve.js');
      await serve(loadConfig()); // keeps running until a signal
    });

  program
    .command('worker')
    .description('run jobs without serving HTTP, beside other workers and API processes on PostgreSQL (VC_DATABASE_URL, VC_JOB_CONCURRENCY; docs/deploy.md)')
    .action(async () => {
      const { worker } = await import('../worker.js');
      await worker(loadConfig()); // keeps running until a signal
    });

  program
    .command('migrate')
    .description('create or upgrade the database schema')
    .action(async () => {
      const config = loadConfig();
      console.error(describeDatabase(config));
      const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrate(store).finally(() => store.close());
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    });

  program
    .command('doctor')
    .description('check engines, versions, models and the data dir (exit 1 when a required check fails)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { formatDoctor, runDoctor } = await import('../doctor.js');
      const result = await runDoctor(loadConfig());
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatDoctor(result));
      if (!result.ok) process.exitCode = ExitCode.Failure;
    });

  const accounts = program.command('accounts').description('create, list and show accounts');
  accounts
    .command('create')
    .description('create an account and its first API key (shown once)')
    .requiredOption('--name <name>', 'account name')
    .requiredOption('--credits <n>', `starting credits (at most ${MAX_CREDIT_GRANT})`, intArg(0, MAX_CREDIT_GRANT))
    .option('--rate-limit <n>', 'requests per minute per key (default: VC_DEFAULT_RATE_LIMIT)', intArg(1))
    .option('--json', 'print JSON')
    .action(async (opts: { name: string; credits: number; rateLimit?: number; json?: boolean }) => {
      const config = loadConfig();
      const out = await withStore(config, async (s) => {
        const acct = await createAccount(s.db, { name: opts.name, credits: opts.credits, rateLimitPerMinute: opts.rateLimit ?? config.defaultRateLimitPerMinute });
        const { key } = await createKey(s.db, acct.id, 'default');
        return { account_id: acct.id, api_key: key, credits_balance: opts.credits };
      });
      print(!!opts.json, out, `account_id: ${out.account_id}\napi_key: ${out.api_key}\n(the key is shown only once; keep it safe)`);
    });
  accounts
    .command('list')
    .description('every account with its balance and rate limit')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withStore(loadConfig(), (s) => listAccounts(s.db));
      const views = rows.map((a) => ({ ...accountView(a), created_at: a.created_at }));
      const lines = views.map((a) => `${a.id}  ${String(a.credits_balance).padStart(8)} credits  ${String(a.rate_limit_per_minute).padStart(5)}/min  ${a.name}`);
      print(!!opts.json, { data: views }, lines.length ? lines.join('\n') : 'no accounts yet: `videoconduit accounts create --name N --credits C`');
    });
  accounts
    .command('show')
    .description('one account: balance, keys and its webhook secret hint')
    .argument('<account-id>', 'the account id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { acct, keys } = await withStore(loadConfig(), async (s) => ({ acct: await existing(s, id), keys: (await listKeys(s.db, id)).map(keyView) }));
      const view = accountView(acct);
      const text = [
        `account_id:           ${view.id}`,
        `name:                 ${view.name}`,
        `plan:                 ${view.plan}`,
        `credits_balance:      ${view.credits_balance}`,
        `rate_limit_per_minute: ${view.rate_limit_per_minute}`,
        `webhook_secret_hint:  ${view.webhook_secret_hint}  (signs deliveries to per-job webhook_url)`,
        `keys:`,
        ...keys.map((k) => `  ${k.id}  ${k.prefix}…${k.last4}  ${k.active ? 'active ' : 'revoked'}  ${k.name}`),
        '',
        'To rotate the webhook secret (the old one keeps signing for 24 h), call with one of its keys:',
        '  curl -X POST "$VC_API_URL/v1/account/webhook-secret/rotate" -H "Authorization: Bearer $VC_API_KEY"',
      ].join('\n');
      print(!!opts.json, { account: view, created_at: acct.created_at, keys }, text);
    });

  program
    .command('credits')
    .description('add credits to an account')
    .command('add')
    .description('add credits (a ledger entry; balances never go below zero)')
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--amount <n>', `credits to add (at most ${MAX_CREDIT_GRANT})`, intArg(1, MAX_CREDIT_GRANT))
    .action(async (opts: { account: string; amount: number }) => {
      const balance = await withStore(loadConfig(), async (s) => {
        await existing(s, opts.account);
        return s.db.transaction().execute((trx) => grantCredits(trx, opts.account, opts.amount));
      });
      console.log(`credits_balance: ${balance}`);
    });

  const keys = program.command('keys').description('create, list and revoke API keys');
  keys
    .command('create')
    .description('a new API key for an account (shown once)')
    .requiredOption('--account <id>', 'the account id')
    .option('--name <name>', 'a name to tell keys apart', 'cli')
    .option('--json', 'print JSON')
    .action(async (opts: { account: string; name: string; json?: boolean }) => {
      const out = await withStore(loadConfig(), async (s) => {
        await existing(s, opts.account);
        const { key, row } = await createKey(s.db, opts.account, opts.name);
        return { key_id: row.id, api_key: key };
      });
      print(!!opts.json, out, `key_id: ${out.key_id}\napi_key: ${out.api_key}\n(the key is shown only once; keep it safe)`);
    });
  keys
    .command('list')
    .description("an account's keys (prefix and last 4 characters only)")
    .requiredOption('--account <id>', 'the account id')
    .option('--json', 'print JSON')
    .action(async (opts: { account: string; json?: boolean }) => {
      const out = await withStore(loadConfig(), async (s) => ({ account: accountView(await existing(s, opts.account)), keys: (await listKeys(s.db, opts.account)).map(keyView) }));
      print(!!opts.json, out, out.keys.map((k) => `${k.id}  ${k.prefix}…${k.last4}  ${k.active ? 'active ' : 'revoked'}  ${k.name}`).join('\n'));
    });
  keys
    .command('revoke')
    .description('deactivate a key (its next request answers 403)')
    .requiredOption('--key <id>', 'the key id (from `keys list`)')
    .action(async (opts: { key: string }) => {
      const done = await withStore(loadConfig(), (s) => setKeyActive(s.db, opts.key, false));
      if (!done) throw new CliError(`no key ${opts.key}`, ExitCode.Failure);
      console.log(`revoked ${opts.key}`);
    });
}
