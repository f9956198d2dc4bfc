import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { Document } from 'yaml';
import { mm2HeaderComment, renderMm2Report } from '../format/mm2-report.ts';
import { readUserFile } from '../input/yaml-documents.ts';
import { importMm2 } from '../mm2/mm2-to-mirrorjob.ts';

interface ImportOptions {
  output?: string;
  namespace?: string;
  flow?: string;
  name?: string;
  json?: boolean;
}

const yamlOf = (value: unknown, comment?: string): string => {
  const doc = new Document(value);
  if (comment !== undefined) doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
};

/**
 * `kafka-mirror import-mm2`: a MirrorMaker 2 config becomes a MirrorJob plus Secret manifests.
 * Passwords go to the Secret manifests only; the report lists every setting without showing values.
 */
export function importMm2Command(): Command {
  return new Command('import-mm2')
    .description('turn a MirrorMaker 2 config (mm2.properties) into a MirrorJob and Secret manifests')
    .argument('<mm2.properties>', 'the MirrorMaker 2 config (dedicated mode, or a MirrorSourceConnector config)')
    .option('-o, --output <dir>', 'write <name>.mirrorjob.yaml and <name>.secrets.yaml there (default: both to stdout, the report to stderr)')
    .option('-n, --namespace <namespace>', 'namespace of the MirrorJob and its Secrets')
    .option('--flow <source->target>', 'the replication flow to import when the file enables several')
    .option('--name <name>', 'name of the MirrorJob (default: the config\'s name, or <source>-to-<target>)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: ImportOptions) => {
      const imported = importMm2(await readUserFile(file, 'the MirrorMaker 2 config'), options);
      const jobYaml = yamlOf(imported.job, mm2HeaderComment(basename(file), imported.settings));
      const secretsYaml = imported.secrets.map((s) => yamlOf(s, ' Credentials from the MirrorMaker 2 config: keep this file private.')).join('---\n');
      const report = options.json ? `${JSON.stringify({ flow: `${imported.layout.source}->${imported.layout.target}`, settings: imported.settings }, null, 2)}\n` : `${renderMm2Report(imported.settings)}\n`;
      if (options.output === undefined) {
        process.stdout.write(imported.secrets.length > 0 ? `${jobYaml}---\n${secretsYaml}` : jobYaml);
        process.stderr.write(report);
        return;
      }
      await mkdir(options.output, { recursive: true });
      const name = String((imported.job.metadata as { name: string }).name);
      const jobPath = join(options.output, `${name}.mirrorjob.yaml`);
      await writeFile(jobPath, jobYaml);
      const written = [jobPath];
      if (imported.secrets.length > 0) {
        const secretsPath = join(options.output, `${name}.secrets.yaml`);
        // Owner-only: the file holds passwords.
        await writeFile(secretsPath, secretsYaml, { mode: 0o600 });
        written.push(secretsPath);
      }
      process.stdout.write(`${report}${options.json ? '' : `\nwrote ${written.join(' and ')}\n`}`);
    });
}
