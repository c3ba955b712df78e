import { connectDynamo, ensureTables, type Dynamo } from './dynamo';
import { AuditLog } from './audit';
import { CountsRepo } from './counts';
import { InventoryRepo } from './inventory';
import { DedupeLog } from './dedupe';
import { ItemStateRepo } from './item-state';
import { OrdersRepo } from './orders';
import { IntakeRepo } from './intake';
import { PosRepo } from './pos';
import { ReportsRepo } from './reports';
import { ReceiptsRepo } from './receipts';
import { SheetLaneRepo } from './sheet-lane';

export interface Store {
  dynamo: Dynamo;
  orders: OrdersRepo;
  state: ItemStateRepo;
  audit: AuditLog;
  dedupe: DedupeLog;
  inventory: InventoryRepo;
  counts: CountsRepo;
  /** Deliveries booked in against orders. */
  receipts: ReceiptsRepo;
  /** The sheet sync's bookkeeping and the lease that keeps a sync and a write-back apart. */
  sheetLane: SheetLaneRepo;
  /** What the tills change: sales, refunds, deliveries, counts; and the lines parked for the owner. */
  pos: PosRepo;
  /** Forwarded mails and the proposals read from them. */
  intake: IntakeRepo;
  /** The scheduled reports: sent once per period, held over quiet hours. */
  reports: ReportsRepo;
  /** Where the data lives, for the CLI to say so. */
  description: string;
  close(): Promise<void>;
}

export type StoreTarget =
  /** The embedded default: DynamoDB Local as a child process, data under `dataDir` (or in memory). */
  | { kind: 'embedded'; dataDir?: string }
  /** Any DynamoDB endpoint (a DynamoDB Local you run yourself, a test instance). */
  | { kind: 'endpoint'; endpoint: string }
  /** AWS's DynamoDB with the standard credential chain. */
  | { kind: 'aws' };

export interface StoreOptions {
  target: StoreTarget;
  region: string;
  tablePrefix: string;
  /** Create missing tables (never on AWS, where serverless.yml owns them). */
  createTables: boolean;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const { target } = options;
  // Loaded only when used: the Lambda bundles never start (or ship) the emulator.
  const startLocal = () =>
    (require('./local-dynamo') as typeof import('./local-dynamo')).startLocalDynamo(
      target.kind === 'embedded' && target.dataDir !== undefined ? { dataDir: target.dataDir } : {},
    );
  let local = target.kind === 'embedded' ? await startLocal() : null;
  const endpoint = local?.endpoint ?? (target.kind === 'endpoint' ? target.endpoint : undefined);
  // An embedded store on a data folder may be sharing another stockbot process's DynamoDB Local. When that process
  // exits its emulator goes with it: start (or find) one on the same data and carry on, saying so once.
  const recover =
    target.kind === 'embedded' && target.dataDir !== undefined
      ? async (lost: string) => {
          const previous = local;
          local = await startLocal();
          await previous?.stop();
          console.error(
            `stockbot: DynamoDB Local at ${lost} stopped answering (the process that started it exited); now using ${local.endpoint} on ` +
              `the same data.`,
          );
          return local.endpoint;
        }
      : undefined;
  const dynamo = connectDynamo({
    region: options.region,
    tablePrefix: options.tablePrefix,
    ...(endpoint ? { endpoint } : {}),
    ...(recover ? { recover } : {}),
  });
  try {
    if (options.createTables) await ensureTables(dynamo);
  } catch (err) {
    await local?.stop();
    throw err;
  }
  const description =
    target.kind === 'embedded'
      ? `DynamoDB Local (${target.dataDir === undefined ? 'in memory' : target.dataDir})`
      : target.kind === 'endpoint'
        ? `DynamoDB at ${target.endpoint}`
        : `DynamoDB in ${options.region}`;
  return {
    dynamo,
    orders: new OrdersRepo(dynamo),
    state: new ItemStateRepo(dynamo),
    audit: new AuditLog(dynamo),
    dedupe: new DedupeLog(dynamo),
    inventory: new InventoryRepo(dynamo),
    counts: new CountsRepo(dynamo),
    receipts: new ReceiptsRepo(dynamo),
    sheetLane: new SheetLaneRepo(dynamo),
    pos: new PosRepo(dynamo),
    intake: new IntakeRepo(dynamo),
    reports: new ReportsRepo(dynamo),
    description,
    close: async () => {
      dynamo.doc.destroy();
      await local?.stop();
    },
  };
}
