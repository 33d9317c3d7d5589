/** Says plainly, once per run, whether the PostgreSQL half of the suite ran. */
export default function setup(): void {
  const url = process.env.GATEHOUSE_TEST_DATABASE_URL?.trim();
  if (url) {
    process.stdout.write(`\nPostgreSQL suite: running against ${url.replace(/\/\/[^@]*@/, '//***@')}\n`);
  } else {
    process.stdout.write('\nPostgreSQL suite SKIPPED: GATEHOUSE_TEST_DATABASE_URL is not set, so only SQLite was tested.\n');
  }
}
