// The videoconduit command: serve, worker, migrate, doctor, accounts, credits, keys.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { formatDoctor, runDoctor } from './doctor.js';
import { accountView, createAccount, getAccount, grantCredits } from './store/accounts.js';
import { migrate, openStore, type Store } from './store/db.js';
import { MODELS_USAGE, modelsList, modelsPull } from './models-cli.js';
import { serve } from './serve.js';
import { createKey, keyView, listKeys, setKeyActive } from './store/keys.js';

const USAGE = `Usage: videoconduit <command>

  serve                                   run the API (and the embedded job queue)
  worker                                  run a distributed worker (needs VC_REDIS_URL)
  migrate                                 create or upgrade the database schema
  doctor [--json]                         check engines, versions and models
  models list [--json]                    installed Whisper model sizes and their source
  models pull SIZE [--revision R] [--force]  download a Whisper size (verified) into VC_WHISPER_MODELS_DIR
  accounts create --name N --credits C [--rate-limit R] [--json]
  credits add --account ID --amount N
  keys create --account ID [--name N] [--json]
  keys list --account ID [--json]
  keys revoke --key ID
`;

class UsageError extends Error {}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function positiveInt(v: string, name: string, min = 0): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return n;
}

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const options = {
    name: { type: 'string' },
    credits: { type: 'string' },
    'rate-limit': { type: 'string' },
    account: { type: 'string' },
    amount: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean', default: false },
  } as const;
  const args = (list: string[]) => parseArgs({ args: list, options, allowPositionals: false }).values;
  switch (command) {
    case 'serve':
      await serve(config);
      return -1; // keep running
    case 'worker':
      console.error('Distributed workers arrive with the BullMQ queue (VC_REDIS_URL); until then the embedded queue runs inside `videoconduit serve`.');
      return 2;
    case 'migrate': {
      const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrate(store).finally(() => store.close());
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'doctor': {
      const v = args([sub, ...rest].filter((x): x is string => x !== undefined));
      const result = await runDoctor(config);
      console.log(v.json ? JSON.stringify(result, null, 2) : formatDoctor(result));
      return result.ok ? 0 : 1;
    }
    case 'models': {
      const m = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false }, revision: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } }, allowPositionals: true });
      if (m.values.help || sub === '--help' || sub === undefined) {
        console.log(MODELS_USAGE);
        return sub === undefined ? 64 : 0;
      }
      if (sub === 'list' && m.positionals.length === 0) return modelsList(config, m.values);
      if (sub === 'pull' && m.positionals.length === 1) return modelsPull(config, m.positionals[0], m.values);
      throw new UsageError('models: expected "list" or "pull SIZE" (see videoconduit models --help)');
    }
    case 'accounts': {
      if (sub !== 'create') throw new UsageError('accounts: expected "create"');
      const v = args(rest);
      const name = need(v, 'name');
      const credits = positiveInt(need(v, 'credits'), 'credits');
      const rate = v['rate-limit'] ? positiveInt(v['rate-limit'], 'rate-limit', 1) : config.defaultRateLimitPerMinute;
      const out = await withStore(config, async (s) => {
        const acct = await createAccount(s.db, { name, credits, rateLimitPerMinute: rate });
        const { key } = await createKey(s.db, acct.id, 'default');
        return { account_id: acct.id, api_key: key, credits_balance: credits };
      });
      if (v.json) console.log(JSON.stringify(out));
      else console.log(`account_id: ${out.account_id}\napi_key: ${out.api_key}\n(the key is shown only once; keep it safe)`);
      return 0;
    }
    case 'credits': {
      if (sub !== 'add') throw new UsageError('credits: expected "add"');
      const v = args(rest);
      const account = need(v, 'account');
      const amount = positiveInt(need(v, 'amount'), 'amount', 1);
      const balance = await withStore(config, async (s) => {
        if (!(await getAccount(s.db, account))) throw new UsageError(`no account ${account}`);
        return s.db.transaction().execute((trx) => grantCredits(trx, account, amount));
      });
      console.log(`credits_balance: ${balance}`);
      return 0;
    }
    case 'keys': {
      const v = args(rest);
      return withStore(config, async (s) => {
        if (sub === 'create') {
          const account = need(v, 'account');
          if (!(await getAccount(s.db, account))) throw new UsageError(`no account ${account}`);
          const { key, row } = await createKey(s.db, account, typeof v.name === 'string' ? v.name : 'cli');
          console.log(v.json ? JSON.stringify({ key_id: row.id, api_key: key }) : `key_id: ${row.id}\napi_key: ${key}`);
          return 0;
        }
        if (sub === 'list') {
          const account = need(v, 'account');
          const acct = await getAccount(s.db, account);
          if (!acct) throw new UsageError(`no account ${account}`);
          const keys = (await listKeys(s.db, account)).map(keyView);
          if (v.json) console.log(JSON.stringify({ account: accountView(acct), keys }));
          else for (const k of keys) console.log(`${k.id}  ${k.prefix}…${k.last4}  ${k.active ? 'active ' : 'revoked'}  ${k.name}`);
          return 0;
        }
        if (sub === 'revoke') {
          const id = need(v, 'key');
          if (!(await setKeyActive(s.db, id, false))) throw new UsageError(`no key ${id}`);
          console.log(`revoked ${id}`);
          return 0;
        }
        throw new UsageError('keys: expected create, list or revoke');
      });
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = err instanceof UsageError ? 64 : 1;
  },
);
