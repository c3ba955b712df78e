import type { IncomingMessage, ServerResponse } from 'node:http';
import { emailAction, type EmailActionDeps } from '../services/email-action';

type RouteDeps = Omit<EmailActionDeps, 'store'> & { store: EmailActionDeps['store']; clock: () => Date };

/** The email-action endpoint on the local HTTP receiver: `?token=` on GET, a form field `token` on POST. */
export function emailActionRoute(deps: RouteDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c.length + body.length > 10_000 ? '' : c));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const token = (req.method === 'POST' ? new URLSearchParams(body).get('token') : null) ?? query.get('token') ?? '';
      emailAction(deps, req.method ?? 'GET', token, deps.clock())
        .then(({ status, html }) => {
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(html);
        })
        .catch(() => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Something went wrong; nothing was changed. Try the link again in a minute.');
        });
    });
  };
}
