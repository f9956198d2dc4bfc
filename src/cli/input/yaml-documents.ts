import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CliError, ExitCode } from '../cli-error.ts';

/** Reads a file the user named; a missing or unreadable file is input to fix, not a crash. */
export async function readUserFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new CliError(`cannot read ${what} ${path}: ${reason}`, ExitCode.badInput);
  }
}

/**
 * Every document of a YAML (or JSON) file as plain values. A syntax error names the file, line and
 * column; YAML's own message follows, since it says what the parser expected there.
 */
export function parseYamlDocuments(text: string, path: string): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [];
  for (const doc of list) {
    const [error] = doc.errors;
    if (error) {
      const at = error.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : '';
      throw new CliError(`${path} is not valid YAML${where}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, ExitCode.badInput);
    }
  }
  return list.map((doc) => doc.toJS() as unknown).filter((value) => value !== null && value !== undefined);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
