// S3 emulator (fauxqs) on 127.0.0.1: fauxqs' own start function always binds 0.0.0.0, so build its app and listen here.
import { buildApp } from 'fauxqs';
import { LOOPBACK, announceReady, failStartup, parseArgs, stopOnExitSignals } from './lib/lifecycle.js';

try {
  const options = parseArgs(process.argv.slice(2), { port: '0' });
  const app = buildApp({ logger: false });
  await app.listen({ host: LOOPBACK, port: Number(options.port) });
  const { port } = app.server.address();
  stopOnExitSignals(() => app.close());
  announceReady({ port, serviceUrl: `http://${LOOPBACK}:${port}` });
} catch (error) {
  failStartup(error);
}
