/**
 * Whether another process with this id is running. Our own id counts as not
 * running: in a container every start has the same pid, so a file marked with
 * it was left by an earlier life of this service.
 */
export function otherProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
