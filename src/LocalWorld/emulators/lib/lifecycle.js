// Shared by the launchers: one machine-readable ready line, and a clean exit when the parent goes away.
export const LOOPBACK = '127.0.0.1';

/** Prints the single line a parent process waits for: `ready {"port":1234,...}`. */
export function announceReady(details) {
  process.stdout.write(`ready ${JSON.stringify(details)}\n`);
}

/**
 * Runs `stop` once, then exits, when the process is signalled, or when its stdin closes if
 * STOP_ON_STDIN_CLOSE=1 (a parent that holds the pipe and dies must not leave a server behind;
 * by hand, stdin may be /dev/null, so that is opt-in).
 */
export function stopOnExitSignals(stop) {
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  if (process.env.STOP_ON_STDIN_CLOSE === '1') {
    process.stdin.on('end', shutdown);
    process.stdin.on('close', shutdown);
    process.stdin.resume();
  }
}

/** Fails the launcher with a message on stderr and a non-zero exit code. */
export function failStartup(error) {
  process.stderr.write(`startup failed: ${error?.stack ?? error}\n`);
  process.exit(1);
}

/** Reads `--name value` pairs; every value is a string. */
export function parseArgs(argv, defaults = {}) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
    const name = arg.slice(2);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`option --${name} needs a value`);
    options[name] = value;
    i += 1;
  }
  return options;
}
