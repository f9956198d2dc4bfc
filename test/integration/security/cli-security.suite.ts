import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKafkaCluster, stopKafkaCluster, type KafkaCluster } from '../../helpers/kafka/kafka-cluster.ts';
import { kcatProduce } from '../../helpers/kafka/kcat.ts';
import { createCa, createExpiredClientCert } from '../../helpers/kafka/test-pki.ts';
import { untilWorkersCaughtUp } from '../../helpers/replication/worker-process.ts';
import { waitFor } from '../../helpers/processes.ts';
import { runSubdir } from '../../helpers/run-dir.ts';
import { runCli, type CliResult } from '../cli/cli-harness.ts';
import { findLeaks, pemForms } from './leak-search.ts';
import { exactCopy, seededTopic, settledComparison } from './mirror-helpers.ts';
import { writeSecurityJob } from './security-job.ts';
import { workerOutputs } from './worker-outputs.ts';

/** The Kafka users of these clusters, with passwords no other output could contain by chance. */
const sourceAdmin = { username: 'admin', password: 'SrcAdmin-q7Zx93-kmo' };
const targetAdmin = { username: 'admin', password: 'TgtAdmin-w4Ku28-kmo' };

function expectOneClearError(result: CliResult, message: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/**
 * The CLI over a SASL_SSL SCRAM-SHA-512 source that also requires a client certificate, and a
 * SASL_PLAINTEXT SCRAM-SHA-256 target, with the TLS material in a Secret manifest (ca.crt, tls.crt, tls.key).
 */
export function cliSecuritySuite(): void {
  describe('kafka-mirror over TLS and SCRAM', () => {
    let source: KafkaCluster;
    let target: KafkaCluster;

    beforeAll(async () => {
      [source, target] = await Promise.all([
        startKafkaCluster({ version: '3.9.1', sasl: 'SCRAM-SHA-512', tls: 'mutual', users: { admin: sourceAdmin, users: {} } }, runSubdir('cli-sec-source'), 'cli-sec-source'),
        startKafkaCluster({ version: '4.1.2', sasl: 'SCRAM-SHA-256', users: { admin: targetAdmin, users: {} } }, runSubdir('cli-sec-target'), 'cli-sec-target'),
      ]);
    }, 180_000);

    afterAll(async () => {
      await Promise.all([source && stopKafkaCluster(source), target && stopKafkaCluster(target)]);
    });

    it('run --until-caught-up copies every record and verify finds the clusters equal', async () => {
      const topic = await seededTopic(source, target, 'cli-sec');
      const job = writeSecurityJob(source, target, [topic]);
      const run = await runCli(['run', ...job.cliArgs, '--until-caught-up'], { timeoutMs: 120_000 });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(await settledComparison(source, target, topic, 10_000)).toEqual(exactCopy(300));
      const verify = await runCli(['verify', ...job.cliArgs]);
      expect(verify.code).toBe(0);
    }, 180_000);

    it('a CA that did not sign the broker: one error naming the certificate problem', async () => {
      const wrongCa = await createCa(join(runSubdir('cli-sec-wrong-ca')), 'wrong-ca', 'kmo-wrong-ca');
      const job = writeSecurityJob(source, target, ['any'], { source: { caFile: wrongCa } });
      const result = await runCli(['verify', ...job.cliArgs]);
      expectOneClearError(result, /^kafka-mirror: cannot connect to the source cluster \(127\.0\.0\.1:\d+\) over TLS \(TLS_CERTIFICATE_REJECTED\): the broker's TLS certificate is not trusted \(self-signed certificate in certificate chain\); check the CA certificate/);
    }, 60_000);

    it('no client certificate where the broker requires one: one error naming the client certificate', async () => {
      const job = writeSecurityJob(source, target, ['any'], { source: { noClientCert: true } });
      const result = await runCli(['verify', ...job.cliArgs]);
      expectOneClearError(result, /^kafka-mirror: cannot connect to the source cluster \(127\.0\.0\.1:\d+\) over TLS \(TLS_HANDSHAKE_REJECTED\): the broker refused the TLS handshake \(ssl\/tls alert [a-z ]+\); check the client certificate/);
    }, 60_000);

    it('an expired client certificate: one error that says so (the broker\'s alert alone does not)', async () => {
      const expired = await createExpiredClientCert(source.tls!);
      const job = writeSecurityJob(source, target, ['any'], { source: { clientCert: expired } });
      const result = await runCli(['verify', ...job.cliArgs]);
      expectOneClearError(result, /^kafka-mirror: cannot connect to the source cluster \(127\.0\.0\.1:\d+\) over TLS \(TLS_HANDSHAKE_REJECTED\): .*; check the client certificate \(tls\.clientCertSecretRef\): the client certificate expired on 20\d\d-/);
      // A worker on the same Secrets stays up and says so on /status (the operator shows it in WorkersReady).
      const outputs = await workerOutputs(job, async (worker) => {
        await waitFor('the worker to report the refused handshake', async () => ((await worker.status()).reason?.includes('TLS_HANDSHAKE_REJECTED') ? true : undefined), { timeoutMs: 60_000 });
      });
      const status = JSON.parse(outputs.find(([where]) => where === 'worker /status')![1]) as { detail: { state: string; reason: string } };
      expect(status.detail).toMatchObject({ state: 'Starting', reason: expect.stringMatching(/\(source: the client certificate expired on 20\d\d-/) });
    }, 90_000);

    it('a wrong SCRAM password: one error naming the login, without the password', async () => {
      const job = writeSecurityJob(source, target, ['any'], { target: { password: 'Wrong-Pw-x81kd0' } });
      const result = await runCli(['verify', ...job.cliArgs]);
      expectOneClearError(result, /the target cluster \(127\.0\.0\.1:\d+\) refused the login of user "admin" \(SASL_AUTHENTICATION_FAILED\)/);
      expect(result.stderr + result.stdout).not.toContain('Wrong-Pw-x81kd0');
    }, 60_000);

    it('secrets never leak: CLI output, worker log, /status and /metrics, also when the login fails', async () => {
      const topic = await seededTopic(source, target, 'cli-sec-leak', 100);
      const job = writeSecurityJob(source, target, [topic]);
      const outputs: Array<[string, string]> = [];
      const cli = async (what: string, args: string[]): Promise<CliResult> => {
        const result = await runCli(args, { timeoutMs: 120_000 });
        outputs.push([`${what} stdout`, result.stdout], [`${what} stderr`, result.stderr]);
        return result;
      };
      expect((await cli('run', ['run', ...job.cliArgs, '--until-caught-up'])).code).toBe(0);
      expect((await cli('verify', ['verify', ...job.cliArgs])).code).toBe(0);

      // A worker process on the same job and Secret files copies what was written since.
      await kcatProduce(source, topic, ['late-1', 'late-2']);
      outputs.push(...(await workerOutputs(job, async (worker) => void (await untilWorkersCaughtUp([worker], 60_000)))));
      expect(await settledComparison(source, target, topic, 10_000)).toEqual(exactCopy(102));

      // Failing logins: the CLI (with --debug, which prints stacks and causes) and a worker that keeps retrying.
      const wrong = writeSecurityJob(source, target, [topic], { source: { password: 'Wrong-Pw-leak-5tq2' } });
      expect((await cli('verify with a wrong password', ['--debug', 'verify', ...wrong.cliArgs])).code).not.toBe(0);
      outputs.push(...(await workerOutputs(wrong, () => sleep(4_000))));

      const secrets = [sourceAdmin.password, targetAdmin.password, 'Wrong-Pw-leak-5tq2', ...pemForms(readFileSync(source.tls!.clientKeyFile, 'utf8'))];
      expect(findLeaks(outputs, secrets)).toEqual([]);
      // The searched outputs are real: the worker reported and logged something, and the CLI's failure says why.
      expect(outputs.find(([where]) => where === 'verify with a wrong password stderr')?.[1]).toContain('SASL_AUTHENTICATION_FAILED');
      expect(outputs.filter(([, text]) => text.length > 0).length).toBeGreaterThanOrEqual(7);
    }, 180_000);
  });
}
