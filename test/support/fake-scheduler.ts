import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body';

export interface ScheduleRequest {
  Name: string;
  GroupName?: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: string };
  ActionAfterCompletion?: string;
  Target: { Arn: string; RoleArn: string; Input?: string };
}

export interface FakeScheduler {
  /** Pass as the SchedulerClient `endpoint` (or AWS_ENDPOINT_URL_SCHEDULER). */
  url: string;
  /** Schedules that exist, by group/name. */
  schedules: Map<string, ScheduleRequest>;
  /** CreateSchedule calls received, conflicts included. */
  creates: number;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: object, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

/**
 * A loopback fake of EventBridge Scheduler that the real SchedulerClient talks to. Its REST-JSON protocol creates a
 * schedule with `POST /schedules/{Name}`; a name already taken in the group is a 409 ConflictException, as on AWS.
 */
export async function startFakeScheduler(): Promise<FakeScheduler> {
  let server: Server;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = /^\/schedules\/([^/?]+)/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match)
      return reply(
        res,
        404,
        { Message: `fake Scheduler only knows CreateSchedule, got ${req.method} ${req.url}` },
        'ResourceNotFoundException',
      );
    fake.creates += 1;
    const name = decodeURIComponent(match[1]!);
    const input = JSON.parse(await readBody(req)) as Omit<ScheduleRequest, 'Name'>;
    if (!input.ScheduleExpression || !input.FlexibleTimeWindow || !input.Target?.Arn || !input.Target.RoleArn) {
      return reply(
        res,
        400,
        { Message: 'ScheduleExpression, FlexibleTimeWindow and Target (Arn, RoleArn) are required' },
        'ValidationException',
      );
    }
    const key = `${input.GroupName ?? 'default'}/${name}`;
    if (fake.schedules.has(key)) return reply(res, 409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
    fake.schedules.set(key, { Name: name, ...input });
    reply(res, 200, { ScheduleArn: `arn:aws:scheduler:eu-west-2:123456789012:schedule/${key}` });
  };
  const fake: FakeScheduler = {
    url: '',
    schedules: new Map(),
    creates: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => void handle(req, res).catch(() => reply(res, 500, { Message: 'fake Scheduler crashed' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
