import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A port nothing is listening on, from the OS. A random pick in 30000–50000 collided now and then with the ephemeral
 * ports the fakes and DynamoDB Local were given (EADDRINUSE), failing whichever test drew it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
