// `npm start`'s program in a child process, for the end-to-end tests and the pipeline benchmark:
// resolves once it prints its URL and "Ready."; stop() sends SIGTERM and resolves with the exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface SpawnedSystem {
  child: ChildProcess;
  url: string;
  /** Everything it printed, stdout and stderr. */
  output: string[];
  stop(): Promise<number | null>;
}

export function spawnLocalSystem(args: string[], env: NodeJS.ProcessEnv): Promise<SpawnedSystem> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      const text = output.join('');
      const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      if (url && text.includes('Ready.')) resolve({ child, url, output, stop });
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output.join('')}`)));
  });
}
