import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { V1Container } from '@kubernetes/client-node';

/**
 * The URL of the container's readiness probe, when it declares an httpGet one. Other probe kinds (exec,
 * tcpSocket, grpc) are not run: the container then counts as ready once started.
 */
export function readinessUrl(container: V1Container, podIP: string): string | undefined {
  const get = container.readinessProbe?.httpGet;
  if (!get) return undefined;
  const port = typeof get.port === 'number' || /^\d+$/.test(String(get.port)) ? Number(get.port) : container.ports?.find((p) => p.name === get.port)?.containerPort;
  if (port === undefined) return undefined;
  const scheme = (get.scheme ?? 'HTTP').toLowerCase();
  return `${scheme}://${get.host ?? podIP}:${port}${get.path ?? '/'}`;
}

/** Kubernetes counts 200-399 as success; anything else, a refused connection or a timeout, as failure. */
export function httpProbe(url: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    // Like the kubelet, an HTTPS probe does not verify the certificate.
    const req = request(url, { timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * How often to probe: the declared periodSeconds, but at most every second. Tests wait on readiness,
 * and the default period (10 s) would make every rollout step slow for no gain on loopback.
 */
export const probeIntervalMs = (container: V1Container): number => Math.min((container.readinessProbe?.periodSeconds ?? 10) * 1000, 1000);
