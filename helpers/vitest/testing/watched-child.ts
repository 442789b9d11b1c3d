import { watchParentProcess } from '../parent-watchdog.js';

// Child of parent-watchdog.test.ts: says when and how it noticed that its parent is gone.
watchParentProcess({
  pollMs: 100,
  onGone: (reason) => {
    process.stdout.write(`gone: ${reason}\n`);
    process.exit(0);
  },
});
process.stdout.write(`watching ${process.ppid}\n`);
// Keeps the process alive until the watchdog ends it (or the test, after its bound).
setInterval(() => {}, 60_000);
