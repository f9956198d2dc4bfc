/**
 * The forms a PEM private key could leak in besides whole: each long line of its body, so that a log
 * that reflowed or cut the key is caught too.
 */
export function pemForms(pem: string): string[] {
  return [pem.trim(), ...pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'))];
}

/**
 * Every place one of `secrets` occurs in `outputs` (named texts), as "<where>: <first 12 characters>...":
 * enough to find the leak, without printing the secret in a test report.
 */
export function findLeaks(outputs: ReadonlyArray<readonly [string, string]>, secrets: readonly string[]): string[] {
  return outputs.flatMap(([where, text]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 12)}...`));
}
