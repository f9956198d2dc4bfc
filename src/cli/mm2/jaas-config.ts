/**
 * The one JAAS line Kafka clients take in `sasl.jaas.config`:
 *   <LoginModule class> <required|requisite|sufficient|optional> key="value" key=value ... ;
 * Only the login modules whose credentials a MirrorJob can hold are understood: PLAIN and SCRAM.
 */
export interface JaasLogin {
  loginModule: string;
  /** PLAIN or SCRAM, from the login module; undefined for other modules (Kerberos, OAuth). */
  family?: 'PLAIN' | 'SCRAM';
  options: Record<string, string>;
}

const FAMILIES: Array<[RegExp, JaasLogin['family']]> = [
  [/\.PlainLoginModule$/, 'PLAIN'],
  [/\.ScramLoginModule$/, 'SCRAM'],
];

/** Parses the JAAS line; returns undefined when it is not one (the caller says so, without the value). */
export function parseJaasConfig(text: string): JaasLogin | undefined {
  const head = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\b/i.exec(text);
  if (!head) return undefined;
  const options: Record<string, string> = {};
  // key="quoted value with \" escapes" or key=bare-value; the entry ends at ';'.
  const option = /([\w.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/gy;
  let rest = text.slice(head[0].length);
  for (;;) {
    rest = rest.replace(/^\s+/, '');
    if (rest === '' || rest.startsWith(';')) break;
    option.lastIndex = 0;
    const m = option.exec(rest);
    if (!m) return undefined;
    options[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    rest = rest.slice(m[0].length);
  }
  const loginModule = head[1]!;
  const family = FAMILIES.find(([pattern]) => pattern.test(loginModule))?.[1];
  return { loginModule, ...(family ? { family } : {}), options };
}
