/**
 * Kysely over SQLite with two connections to the same file: one that writes, and one, read-only,
 * for reads made outside a transaction.
 *
 * Why: Kysely's own SQLite driver has a single connection behind a mutex, so while any
 * transaction is open (a ledger batch spans several awaited statements and its callers' hooks)
 * every other request's reads — authentication, the licence, the policy in force — wait for it,
 * and a busy server is served one stretch at a time with its CPU partly idle. In WAL mode a reader
 * never waits for the writer and sees only committed data, which is what a read outside a
 * transaction saw before, once it was let through.
 *
 * What runs where:
 *   - a transaction: begins, runs and ends on the writer, holding the write mutex throughout, so
 *     transactions of this process never interleave (as before);
 *   - a statement outside a transaction that only reads: on the reader, without waiting;
 *   - a statement outside a transaction that writes: on the writer, under the mutex.
 * An in-memory database has no second connection to open: everything runs on the writer.
 *
 * Every statement is prepared once per connection and reused by its SQL text (Kysely prepares
 * every statement anew, and preparing costs more than running a small query).
 */
import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type CompiledQuery,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** Distinct statements kept prepared per connection; the application issues a few hundred shapes. */
const STATEMENT_CACHE_SIZE = 1_000;

export class SqliteReadWriteDialect implements Dialect {
  constructor(
    private readonly writer: SQLite.Database,
    private readonly reader: SQLite.Database | null,
  ) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new ReadWriteDriver(new PreparedStatements(this.writer), this.reader === null ? null : new PreparedStatements(this.reader));
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** One connection's prepared statements, by SQL text (oldest dropped first beyond the bound). */
class PreparedStatements {
  private readonly cache = new Map<string, SQLite.Statement>();

  constructor(readonly sqlite: SQLite.Database) {}

  get(text: string): SQLite.Statement {
    let statement = this.cache.get(text);
    if (statement === undefined) {
      statement = this.sqlite.prepare(text);
      if (this.cache.size >= STATEMENT_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(text, statement);
    }
    return statement;
  }

  execute<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.get(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(...parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}

/** The write mutex: one holder at a time, the others queued in order. */
class WriteMutex {
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;

  async lock(): Promise<void> {
    while (this.held !== null) await this.held;
    this.held = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  unlock(): void {
    const release = this.release;
    this.held = null;
    this.release = null;
    release?.();
  }
}

class ReadWriteDriver implements Driver {
  private readonly mutex = new WriteMutex();

  constructor(
    private readonly writer: PreparedStatements,
    private readonly reader: PreparedStatements | null,
  ) {}

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new RoutedConnection(this.writer, this.reader, this.mutex));
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).begin();
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).commit();
    return Promise.resolve();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).rollback();
    return Promise.resolve();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).release();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.reader?.sqlite.close();
    this.writer.sqlite.close();
    return Promise.resolve();
  }
}

/** What Kysely holds between acquiring and releasing a connection: routes each statement. */
class RoutedConnection implements DatabaseConnection {
  private inTransaction = false;

  constructor(
    private readonly writer: PreparedStatements,
    private readonly reader: PreparedStatements | null,
    private readonly mutex: WriteMutex,
  ) {}

  async begin(): Promise<void> {
    await this.mutex.lock();
    try {
      this.writer.sqlite.exec('begin');
    } catch (error) {
      this.mutex.unlock();
      throw error;
    }
    this.inTransaction = true;
  }

  /** A failed commit keeps the transaction and the mutex: Kysely rolls back next, which ends both. */
  commit(): void {
    this.writer.sqlite.exec('commit');
    this.end();
  }

  rollback(): void {
    try {
      // SQLite may already have rolled back on its own (after some errors); then there is nothing to end.
      if (this.writer.sqlite.inTransaction) this.writer.sqlite.exec('rollback');
    } finally {
      this.end();
    }
  }

  release(): void {
    // Kysely ends every transaction before releasing; this only guards against a leak.
    if (this.inTransaction) this.rollback();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.writer.execute<R>(query);
    if (this.reader !== null && this.writer.get(query.sql).reader) return this.reader.execute<R>(query);
    await this.mutex.lock();
    try {
      return this.writer.execute<R>(query);
    } finally {
      this.mutex.unlock();
    }
  }

  streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Read whole, on the connection the query would run on, then handed out row by row: a
    // better-sqlite3 iterator left open across awaits would hold its connection busy meanwhile.
    const connection = this.inTransaction || this.reader === null ? this.writer : this.reader;
    const rows = connection.sqlite.prepare(query.sql).all(...(query.parameters as unknown[])) as R[];
    return (async function* stream() {
      for (const row of rows) yield await Promise.resolve({ rows: [row] });
    })();
  }

  private end(): void {
    this.inTransaction = false;
    this.mutex.unlock();
  }
}
