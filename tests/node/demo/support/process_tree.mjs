// The process tree under a pid, from /proc (Linux): what a test checks is
// gone after a stop, zombies counted as gone.
import { readFileSync, readdirSync } from 'node:fs';

/** The state letter of a process from /proc (null when it is gone). */
export function processState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return null;
  }
}

export const running = (pid) => !['Z', 'X', null].includes(processState(pid));

/** Every live descendant of `root`, from /proc's parent links: [{ pid, command }]. */
export function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(entry), command }]);
    } catch { /* exited meanwhile */ }
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found.filter((child) => running(child.pid));
}
