/** `gatehouse serve` and `gatehouse demo`: build the app, listen, stop gracefully on SIGTERM. */
import type { Command } from 'commander';
import { buildApp } from '../app.js';
import { systemClock } from '../platform/clock.js';
import { readConfig, type Config } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { openDatabase } from '../platform/database.js';
import { operatorActor } from '../platform/actor.js';
import { DEMO_USERS, databaseState, demoPassword, demoToken, resetDemoDatabase, seedDemo } from '../demo/seed-demo.js';
import { parsePort, reportFailure } from './cli-support.js';
import { licenceSweepIntervalMs, startLicenceExpirySweeps } from './licences.command.js';
import { reservationSweepIntervalMs, startReservationSweeps } from '../ledger/index.js';

interface ServeOptions {
  port?: number;
  host?: string;
  reset?: boolean;
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the API on the configured database')
    .option('--port <port>', 'port to listen on (default PORT or 8080)', parsePort)
    .option('--host <host>', 'address to listen on (default HOST or 0.0.0.0)')
    .action(async (options: ServeOptions) => {
      await serve(options, false);
    });
  program
    .command('demo')
    .description('seed the demo scenario into an empty database (or reuse a demo database), then serve it')
    .option('--port <port>', 'port to listen on (default PORT or 8080)', parsePort)
    .option('--host <host>', 'address to listen on (default HOST or 0.0.0.0)')
    .option('--reset', 'clear a demo database and seed it again (never touches other data)')
    .action(async (options: ServeOptions) => {
      await serve(options, true);
    });
}

async function serve(options: ServeOptions, isDemo: boolean): Promise<void> {
  const config: Config = readConfig();
  const sweepIntervalMs = licenceSweepIntervalMs();
  const reservationSweepMs = reservationSweepIntervalMs();
  const database = await openDatabase({ sqlitePath: config.sqlitePath, databaseUrl: config.databaseUrl });
  const context: AppContext = { database, clock: systemClock };
  try {
    if (isDemo) await prepareDemo(context, options.reset === true);
  } catch (error) {
    await database.close();
    reportFailure(error);
    return;
  }
  const app = await buildApp(context, config);
  // Expires licences whose validity ended, every GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS (default 60; 0: off).
  const licenceSweeps = sweepIntervalMs > 0 ? startLicenceExpirySweeps(context, sweepIntervalMs, app.log) : null;
  // Expires lapsed reservations without waiting for new traffic, every GATEHOUSE_RESERVATION_SWEEP_INTERVAL_SECONDS (default 30; 0: off).
  const reservationSweeps = reservationSweepMs > 0 ? startReservationSweeps(context, reservationSweepMs, app.log) : null;
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping: finishing requests in flight');
    await licenceSweeps?.stop();
    await reservationSweeps?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  const port = options.port ?? config.port;
  const host = options.host ?? config.host;
  const address = await app.listen({ port, host });
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  process.stdout.write(`Gatehouse is serving ${database.dialect} (${database.location}) at ${shown}\n  API docs: ${shown}/api/docs\n`);
  if (isDemo) printDemoSignIns();
}

async function prepareDemo(context: AppContext, reset: boolean): Promise<void> {
  const state = await databaseState(context.database.db);
  if (state === 'other') {
    throw new Error(`the database at ${context.database.location} holds data that is not the demo's; the demo will not touch it (set GATEHOUSE_DB to another file)`);
  }
  if (state === 'demo' && reset) await resetDemoDatabase(context);
  if (state === 'empty' || reset) {
    await seedDemo(context, operatorActor('demo'));
    process.stdout.write('Seeded the demo scenario.\n');
  } else {
    process.stdout.write('Reusing the demo database (gatehouse demo --reset starts it afresh).\n');
  }
}

function printDemoSignIns(): void {
  process.stdout.write('  Demo sign-ins (login / password for the browser; the token for "Authorization: Bearer <token>"):\n');
  for (const user of DEMO_USERS) {
    process.stdout.write(`    ${user.role.padEnd(13)} ${user.login.padEnd(24)} ${demoPassword(user.login).padEnd(30)} ${demoToken(user.login)}\n`);
  }
}
