// Starts a child process from module code (what a build tool or a git call inside an SSR module does). Inside
// the embedded Node, libuv used to replace the process's SIGCHLD handler and reset it to the default once that
// child was gone (shared/docs/v8-engine-notes.md rule 6); the tests check that .NET still sees the stdio host exit.
import { execFileSync } from 'node:child_process';

export function runChildProcess(): string {
  return execFileSync('echo', ['child ran'], { encoding: 'utf8' }).trim();
}
