import { quoteString, splitRelation } from '../model/index.js';
import type { Database } from './database.js';

/** What the database holds under a relation's name: `BASE TABLE`, `VIEW`, or '' for nothing. */
export async function objectType(db: Database, relation: string): Promise<string> {
  const [schema, name] = splitRelation(relation);
  const found = await db.rows(`SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database()
    AND table_schema = ${quoteString(schema)} AND table_name = ${quoteString(name)}`);
  return String(found[0]?.table_type ?? '');
}
