import { Client } from 'pg';

/** Creates the database named in `databaseUrl` if it does not exist yet (connects to `postgres`). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new Error(`Database name must be 1-63 letters, digits, _ or - (got "${name}")`);
  }
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      // Identifiers cannot be bound as parameters; the name was checked against a strict pattern above.
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process may have created it in the meantime.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}
