import type { LocalDynamo } from '../../src/store/local-dynamo';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dynamo?: LocalDynamo }).__dynamo?.stop();
}
