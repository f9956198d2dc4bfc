import { cliSecuritySuite } from './cli-security.suite.ts';
import { workerMatrixSuite } from './worker-matrix.suite.ts';

/**
 * TLS and SASL/SCRAM end to end. One test file, so that its suites run one after the other and their
 * private clusters never overlap: at most three JVMs at once on a 2-core machine.
 */
workerMatrixSuite();
cliSecuritySuite();
