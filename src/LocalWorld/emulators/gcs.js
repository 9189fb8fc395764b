// Google Cloud Storage JSON API emulator from firebase-tools, on 127.0.0.1 and a port the OS picks.
// `firebase emulators:start` needs Java 21 and downloads the rules runtime; the GCS JSON routes need
// neither (they serve every request as the owner), so the emulator starts here without the rules
// runtime and is registered with firebase-tools' registry, which builds its object and upload URLs.
import { createRequire } from 'node:module';
import { LOOPBACK, announceReady, failStartup, parseArgs, stopOnExitSignals } from './lib/lifecycle.js';

const require = createRequire(import.meta.url);

try {
  const options = parseArgs(process.argv.slice(2), { 'project-id': 'demo-streamstorage' });
  const { StorageEmulator } = require('firebase-tools/lib/emulator/storage/index.js');
  const { createApp } = require('firebase-tools/lib/emulator/storage/server.js');
  const { EmulatorRegistry } = require('firebase-tools/lib/emulator/registry.js');

  // The stock emulator keeps blobs in one fixed folder under the temp dir and deletes it on stop,
  // which breaks another emulator running at the same time; each launcher is given its own folder,
  // which the launching process creates and removes (a later start removes it if that process is killed).
  const blobsDirectory = options['blobs-directory'];
  if (!blobsDirectory) throw new Error('option --blobs-directory is required');

  class LoopbackStorageEmulator extends StorageEmulator {
    getPersistenceTmpDir() {
      return blobsDirectory;
    }

    async start() {
      const app = await createApp(this.args.projectId, this);
      this.server = await new Promise((resolve, reject) => {
        const server = app.listen(0, LOOPBACK, () => resolve(server)).once('error', reject);
      });
      // getInfo() reports this port to the registry and into object metadata links.
      this.args.port = this.server.address().port;
    }

    async stop() {
      this.server.closeAllConnections();
      await new Promise((resolve) => this.server.close(resolve));
    }
  }

  const emulator = new LoopbackStorageEmulator({ projectId: options['project-id'], host: LOOPBACK, port: 0 });
  await EmulatorRegistry.start(emulator);
  const { port } = emulator.getInfo();
  stopOnExitSignals(() => emulator.stop());
  announceReady({ port, baseUri: `http://${LOOPBACK}:${port}/`, projectId: options['project-id'] });
} catch (error) {
  failStartup(error);
}
