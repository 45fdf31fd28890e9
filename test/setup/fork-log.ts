import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where test processes of the run whose main process is `mainPid` record their files. */
export function forkFilesLog(mainPid: number): string {
  return join(tmpdir(), `synroute-test-files-${mainPid}.log`);
}
