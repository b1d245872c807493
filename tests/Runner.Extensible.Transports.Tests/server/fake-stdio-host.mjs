// Stands in for bin/stdio-host.js where a real Vite server cannot misbehave on demand.
// Speaks the stdio framing (one JSON payload per line) and, on start, writes to stdout:
//   {"type":"connected"}, three malformed lines, one line of FAKE_HOST_BIG_BYTES bytes, {"type":"custom","event":"after-garbage"}
// Answers runner lines:  custom "x:echo" -> custom "echoed" with the same data;
//                        custom "x:exit" -> two stderr lines, then exit with data.code.
// With FAKE_HOST_IGNORE_EOF=1 it keeps running after stdin closes (to be killed).
// With FAKE_HOST_START_FILE=<path>, when that file exists at start-up (tests create it to make restarts fail):
//   content "hang" -> never becomes ready and ignores its closed stdin; a number -> exits with it before it is ready.
import { createInterface } from 'node:readline';
import { existsSync, readFileSync } from 'node:fs';

const write = (payload) => process.stdout.write((typeof payload === 'string' ? payload : JSON.stringify(payload)) + '\n');

process.stderr.write('fake host starting with ' + JSON.stringify(process.argv.slice(2)) + '\n');
const startFile = process.env.FAKE_HOST_START_FILE;
if (startFile && existsSync(startFile)) {
  const how = readFileSync(startFile, 'utf8').trim();
  if (how === 'hang') {
    process.stderr.write('fake host hangs before it is ready\n');
    setInterval(() => {}, 1000);
  } else {
    process.stderr.write(`fake host cannot start: exiting with code ${how}\n`);
    process.exit(Number(how));
  }
} else {
  greetAndServe();
}

function greetAndServe() {
  write({ type: 'connected' });
  write('not json');
  write('{"type":42}');
  write('[1,2]');
  write(JSON.stringify({ type: 'custom', event: 'big', data: 'x'.repeat(Number(process.env.FAKE_HOST_BIG_BYTES ?? 20000)) }));
  write({ type: 'custom', event: 'after-garbage' });

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const payload = JSON.parse(line);
    if (payload.type !== 'custom') return;
    if (payload.event === 'x:echo') write({ type: 'custom', event: 'echoed', data: payload.data });
    if (payload.event === 'x:exit') {
      process.stderr.write('fatal: fake host gives up\n');
      process.stderr.write(`exiting with code ${payload.data.code}\n`);
      process.exit(payload.data.code);
    }
  });
  lines.on('close', () => {
    if (process.env.FAKE_HOST_IGNORE_EOF === '1') setInterval(() => {}, 1000);
    else process.exit(0);
  });
}
