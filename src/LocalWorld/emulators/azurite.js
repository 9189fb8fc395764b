// Azure Blob emulator (azurite) on 127.0.0.1 and a port the OS picks; extra arguments go to azurite-blob as they are.
// Started in-process through azurite's own server factory so the bound port can be read back and reported.
import { createRequire } from 'node:module';
import { LOOPBACK, announceReady, failStartup, stopOnExitSignals } from './lib/lifecycle.js';

const require = createRequire(import.meta.url);

try {
  // azurite reads its options from process.argv when its environment module loads.
  process.argv = [process.argv[0], 'azurite-blob', '--blobHost', LOOPBACK, '--blobPort', '0', ...process.argv.slice(2)];
  const { BlobServerFactory } = require('azurite/dist/src/blob/BlobServerFactory.js');
  const { default: BlobEnvironment } = require('azurite/dist/src/blob/BlobEnvironment.js');
  const { setExtentMemoryLimit } = require('azurite/dist/src/common/ConfigurationBase.js');
  const environment = new BlobEnvironment();
  setExtentMemoryLimit(environment, false);
  const server = await new BlobServerFactory().createServer(environment);
  await server.start();
  const { port } = server.httpServer.address();
  const scheme = server.config.hasCert() === 0 ? 'http' : 'https';
  stopOnExitSignals(() => server.close());
  announceReady({ port, blobServiceUrl: `${scheme}://${LOOPBACK}:${port}/devstoreaccount1` });
} catch (error) {
  failStartup(error);
}
