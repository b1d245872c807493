// Module code that starts (and waits for) a child process of its own, next to the node child the stdio transport
// started from .NET: the combination that makes libuv reset SIGCHLD in the shared process.
import { execFileSync, spawn } from 'node:child_process';

const sync = execFileSync('node', ['-e', 'process.stdout.write("sync child ran")']).toString();
console.log(sync);
const child = spawn('node', ['-e', 'setTimeout(() => {}, 50)']);
child.on('exit', (code) => console.log(`async child exited with ${code}`));
