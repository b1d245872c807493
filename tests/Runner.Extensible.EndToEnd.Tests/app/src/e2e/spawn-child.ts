// Starts a child process from module code (what a build tool or a git call inside an SSR module does). Inside
// the embedded Node, libuv then replaces the process's SIGCHLD handler and resets it to the default once that
// child is gone (shared/docs/v8-engine-notes.md rule 6); the tests observe what that does to the stdio transport.
import { execFileSync } from 'node:child_process';

export function runChildProcess(): string {
  return execFileSync('echo', ['child ran'], { encoding: 'utf8' }).trim();
}
