/**
 * Passwords from the command line (`user add --password-stdin`, `user password`), run as real
 * child processes against a private database, then used to sign in over HTTP; and the demo's
 * published passwords.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { DEMO_USERS, demoPassword, seedDemo } from '../demo/seed-demo.js';
import { operatorActor } from '../platform/actor.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { openTestContext, testDialects } from '../platform/test-support/test-database.js';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

function runCli(args: string[], environment: Record<string, string>, stdin: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, GATEHOUSE_DB: '', DATABASE_URL: '', LOG_LEVEL: 'silent', ...environment },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gatehouse ${args.join(' ')} did not finish`));
    }, 30_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/** Each command is a child process that loads TypeScript through tsx: seconds apiece on a busy machine. */
const CHILD_PROCESS_TEST_TIMEOUT_MS = 120_000;

describe.each(testDialects())('passwords from the command line on %s', { timeout: CHILD_PROCESS_TEST_TIMEOUT_MS }, (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  let app: GatehouseServer | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
    await context.database.close();
  });

  async function signIn(login: string, password: string): Promise<number> {
    app ??= await buildApp(context, { logLevel: 'silent', bodyLimitBytes: 64 * 1024 });
    return (await app.inject({ method: 'POST', url: '/api/v1/session', payload: { login, password } })).statusCode;
  }

  it('user add --password-stdin gives a sign-in; user password replaces it and ends open sessions', async () => {
    context = await openTestContext(dialect);
    const environment = context.database.environment;
    const added = await runCli(['user', 'add', '--login', 'ann', '--role', 'reviewer', '--password-stdin'], environment, 'first passphrase here\n');
    expect(added).toMatchObject({ exitCode: 0 });
    expect(added.stdout).toMatch(/added reviewer ann .* with a password/);
    expect(await signIn('ann', 'first passphrase here')).toBe(201);
    // The trailing line break is not part of the password.
    expect(await signIn('ann', 'first passphrase here\n')).toBe(401);

    const changed = await runCli(['user', 'password', '--login', 'ann', '--password-stdin'], environment, 'second passphrase here');
    expect(changed).toMatchObject({ exitCode: 0 });
    expect(changed.stdout).toMatch(/password set for ann; 1 open session\(s\) ended/);
    expect(await signIn('ann', 'first passphrase here')).toBe(401);
    expect(await signIn('ann', 'second passphrase here')).toBe(201);
    const audit = await context.database.db.selectFrom('audit_entries').select(['event_type', 'after_json']).where('event_type', '=', 'user.password-set').execute();
    expect(audit).toHaveLength(1);
    // Neither the password nor its hash is in the audit log.
    const everything = JSON.stringify(await context.database.db.selectFrom('audit_entries').selectAll().execute());
    expect(everything).not.toMatch(/passphrase|argon2/);
  });

  it('refuses a short password, an empty one, an unknown login, and a password on the command line', async () => {
    context = await openTestContext(dialect);
    const environment = context.database.environment;
    const short = await runCli(['user', 'add', '--login', 'bob', '--role', 'reviewer', '--password-stdin'], environment, 'too short\n');
    expect(short.exitCode).toBe(2);
    expect(short.stderr).toMatch(/12 to 256 characters/);
    const empty = await runCli(['user', 'add', '--login', 'bob', '--role', 'reviewer', '--password-stdin'], environment, '\n');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/no password on standard input/);
    expect(await context.database.db.selectFrom('users').select('login').execute()).toEqual([]);
    const unknown = await runCli(['user', 'password', '--login', 'nobody', '--password-stdin'], environment, 'a long enough password');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no user "nobody"/);
    const withoutStdin = await runCli(['user', 'password', '--login', 'nobody'], environment, '');
    expect(withoutStdin.exitCode).not.toBe(0);
    expect(withoutStdin.stderr).toMatch(/--password-stdin/);
  });

  it('the demo gives every demo user the password demo-<login>', async () => {
    context = await openTestContext(dialect);
    await seedDemo(context, operatorActor('test'));
    for (const user of DEMO_USERS) expect({ login: user.login, status: await signIn(user.login, demoPassword(user.login)) }).toEqual({ login: user.login, status: 201 });
    expect(await signIn('reviewer', 'demo-approver')).toBe(401);
  });
});
