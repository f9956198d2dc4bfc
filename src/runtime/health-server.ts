import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** What the worker says about itself on /readyz and /status. */
export interface HealthReport {
  ready: boolean;
  /** Why the worker is not ready, or what it wants a person to know (stopped partitions). */
  detail: unknown;
}

/**
 * /metrics (Prometheus text), /healthz (the process serves requests), /readyz (200 when `health()` says
 * ready) and /status (the same report as JSON, for people and for the operator's status).
 */
export function startHealthServer(port: number, host: string | undefined, registry: Registry, health: () => HealthReport): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    if (path === '/healthz') return void res.writeHead(200).end('ok');
    const report = health();
    if (path === '/readyz') return void res.writeHead(report.ready ? 200 : 503).end(report.ready ? 'ready' : 'not ready');
    if (path === '/status') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
