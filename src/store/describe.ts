// Which database a command uses, in one line for the operator (no password).
import type { Config } from '../config.js';
import { sqlitePath } from './db.js';

export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `database: SQLite ${sqlitePath(config.dataDir)}`;
  try {
    const u = new URL(config.databaseUrl);
    if (u.password) u.password = '***';
    return `database: PostgreSQL ${u.href}`;
  } catch {
    return 'database: PostgreSQL (VC_DATABASE_URL)';
  }
}
