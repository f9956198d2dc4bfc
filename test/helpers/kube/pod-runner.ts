import { constants } from 'node:os';
import { mkdirSync } from 'node:fs';
import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { startProcess, stopProcess, type ManagedProcess } from '../processes.ts';
import type { ImageMapper } from './image-mapping.ts';
import { ContainerConfigError, type ObjectLookup } from './object-lookup.ts';
import { expandReferences, resolveEnv } from './pod-env.ts';
import { httpProbe, probeIntervalMs, readinessUrl } from './pod-probes.ts';
import { now, podStatus, type ContainerState, type PodSnapshot } from './pod-status.ts';
import { materialiseVolumes, rewriteMountPaths } from './pod-volumes.ts';

export interface PodRunnerDeps {
  core: CoreV1Api;
  lookup: ObjectLookup;
  mapImage: ImageMapper;
  podIP: string;
  hostIP: string;
  /** The Pod's own folder: volumes, working directory. */
  dir: string;
  log: (message: string) => void;
}

/** Restart back-off: doubles from 500 ms up to 10 s, reset once a process has run for 10 s (kubelet: 10 s to 5 min). */
const backoffMs = (crashes: number): number => Math.min(500 * 2 ** Math.max(crashes - 1, 0), 10_000);
const stableRunMs = 10_000;

/** The variables every process gets from the machine: enough to find programs and a home. */
const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: process.env.LANG ?? 'C.UTF-8' });

/**
 * Runs the first container of one Pod as a local process and reports it in the Pod's status: starts it,
 * restarts it per restartPolicy with back-off, probes readiness, and stops it when the Pod goes.
 */
export class PodRunner {
  readonly uid: string;
  #pod: V1Pod;
  readonly #deps: PodRunnerDeps;
  readonly #container: V1Container;
  readonly #startTime = now();
  #process: ManagedProcess | undefined;
  #state: ContainerState = { kind: 'waiting', reason: 'ContainerCreating' };
  #lastTerminated: Extract<ContainerState, { kind: 'terminated' }> | undefined;
  #ready = false;
  #restartCount = 0;
  #crashes = 0;
  #phase: PodSnapshot['phase'] = 'Pending';
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #probe: NodeJS.Timeout | undefined;
  #writes: Promise<void> = Promise.resolve();

  constructor(pod: V1Pod, deps: PodRunnerDeps) {
    const container = pod.spec?.containers[0];
    if (!pod.metadata?.uid || !container) throw new Error(`pod ${pod.metadata?.namespace}/${pod.metadata?.name} has no uid or container`);
    this.uid = pod.metadata.uid;
    this.#pod = pod;
    this.#deps = deps;
    this.#container = container;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** The Pod's terminationGracePeriodSeconds (Kubernetes' default: 30). */
  get graceSeconds(): number {
    return this.#pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  get name(): string {
    return `${this.#pod.metadata?.namespace}/${this.#pod.metadata?.name}`;
  }

  /** The latest Pod object seen, so status writes keep the conditions others own. */
  observe(pod: V1Pod): void {
    this.#pod = pod;
  }

  start(): void {
    mkdirSync(this.#deps.dir, { recursive: true });
    void this.#launch();
  }

  async #launch(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopping) return;
    try {
      const proc = await this.#startProcess();
      if (this.#stopping) {
        await stopProcess(proc, 0); // the Pod was deleted while its env was being resolved
        return;
      }
      this.#process = proc;
      this.#state = { kind: 'running', startedAt: now() };
      this.#phase = 'Running';
      const url = readinessUrl(this.#container, this.#deps.podIP);
      this.#ready = url === undefined;
      if (url) this.#probe = setInterval(() => void this.#probeReadiness(url), probeIntervalMs(this.#container));
      this.#deps.log(`${this.name}: started pid ${proc.pid} (restart ${this.#restartCount})`);
    } catch (err) {
      const reason = err instanceof ContainerConfigError ? err.reason : 'RunContainerError';
      this.#state = { kind: 'waiting', reason, message: err instanceof Error ? err.message : String(err) };
      this.#deps.log(`${this.name}: cannot start: ${String(err)}`);
      this.#timer = setTimeout(() => void this.#launch(), backoffMs(++this.#crashes));
    }
    this.writeStatus();
  }

  /** Env, volumes and command are resolved at every start, as a kubelet resolves them per container start. */
  async #startProcess(): Promise<ManagedProcess> {
    const { lookup, mapImage, podIP, hostIP, dir } = this.#deps;
    const env = await resolveEnv(this.#pod, this.#container, lookup, { podIP, hostIP });
    const mounts = await materialiseVolumes(this.#pod, this.#container, dir, lookup);
    const local = mapImage({ image: this.#container.image ?? '', command: this.#container.command ?? [], args: this.#container.args ?? [] });
    const fix = (text: string) => rewriteMountPaths(expandReferences(text, env), mounts);
    const podEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, rewriteMountPaths(v, mounts)]));
    const meta = this.#pod.metadata;
    const started = Date.now();
    const imageArgs = local.imageArgs;
    const command = imageArgs === undefined ? fix(local.command) : local.command;
    const args = local.args.map((a, i) => (imageArgs !== undefined && i < imageArgs ? a : fix(a)));
    return startProcess(`pod-${meta?.namespace}-${meta?.name}`, command, args, {
      env: { ...baseEnv(), HOSTNAME: meta?.name ?? '', ...local.env, ...podEnv },
      cwd: local.cwd ?? (this.#container.workingDir ? rewriteMountPaths(this.#container.workingDir, mounts) : dir),
      onExit: (code, signal) => this.#exited(code, signal, Date.now() - started),
    });
  }

  async #probeReadiness(url: string): Promise<void> {
    const ready = await httpProbe(url);
    if (this.#state.kind !== 'running' || ready === this.#ready) return;
    this.#ready = ready;
    this.writeStatus();
  }

  #exited(code: number | null, signal: NodeJS.Signals | null, ranMs: number): void {
    clearInterval(this.#probe);
    this.#process = undefined;
    this.#ready = false;
    const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
    const startedAt = this.#state.kind === 'running' ? this.#state.startedAt : undefined;
    this.#lastTerminated = { kind: 'terminated', exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: now() };
    if (this.#stopping) return;
    this.#deps.log(`${this.name}: exited with ${code ?? signal} after ${ranMs} ms`);
    const policy = this.#pod.spec?.restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
      this.#state = this.#lastTerminated;
      this.#phase = exitCode === 0 ? 'Succeeded' : 'Failed';
    } else {
      this.#crashes = ranMs >= stableRunMs ? 1 : this.#crashes + 1;
      this.#state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${backoffMs(this.#crashes)} ms restarting failed container` };
      this.#timer = setTimeout(() => {
        this.#restartCount += 1;
        void this.#launch();
      }, backoffMs(this.#crashes));
    }
    this.writeStatus();
  }

  /** Stops the process: SIGTERM to its group, SIGKILL after the grace period. No status write: the Pod is going. */
  async terminate(graceSeconds: number): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    clearInterval(this.#probe);
    const proc = this.#process;
    if (proc) {
      this.#deps.log(`${this.name}: stopping pid ${proc.pid}, grace ${graceSeconds} s`);
      await stopProcess(proc, graceSeconds * 1000);
    }
    await this.#writes;
  }

  /** Queues a status write; writes go one at a time, each from the state at its turn. */
  writeStatus(): void {
    this.#writes = this.#writes.then(() => this.#patchStatus()).catch((err: unknown) => this.#deps.log(`${this.name}: status write failed: ${String(err)}`));
  }

  async #patchStatus(): Promise<void> {
    if (this.#stopping) return;
    const snapshot: PodSnapshot = {
      phase: this.#phase,
      podIP: this.#deps.podIP,
      hostIP: this.#deps.hostIP,
      startTime: this.#startTime,
      container: {
        name: this.#container.name,
        image: this.#container.image ?? '',
        state: this.#state,
        lastTerminated: this.#lastTerminated,
        ready: this.#ready,
        restartCount: this.#restartCount,
        pid: this.#process?.pid,
      },
    };
    const { name = '', namespace = '' } = this.#pod.metadata ?? {};
    try {
      const updated = await this.#deps.core.patchNamespacedPodStatus(
        { name, namespace, body: { status: podStatus(this.#pod, snapshot) } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      this.#pod = updated;
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
}
