/** Runs a command to completion and resolves with its stdout; on failure the error carries the end of its output. */
import { spawn, type SpawnOptions } from 'node:child_process';

export function runCommand(command: string, args: string[], options: SpawnOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      keep(chunk);
    });
    child.stderr?.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${String(options.cwd)}:\n${output}`));
    });
  });
}
