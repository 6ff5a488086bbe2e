// The leak watch's periodic sweep (R39, docs/decisions/140), in the app process unless
// LEAK_WATCH_JOB=off: every 10 minutes, member codes busy in the last hour are judged again, so a
// spike whose orders were recorded while judging failed is still flagged. Several instances may
// sweep at once: a code keeps at most one open flag (an open flag is updated, not duplicated,
// except in a race, which shows two flags for one code until one is handled).
import prisma from "~/db.server";
import { sweepLeaks } from "~/services/leaks.server";

let timer: NodeJS.Timeout | undefined;

export function startLeakWatchJob(intervalMs = 10 * 60_000): void {
  if (timer || process.env.LEAK_WATCH_JOB === "off") return;
  const run = () =>
    sweepLeaks(prisma).then(
      (n) => n && console.log(`leak watch: ${n} code(s) flagged or updated`),
      (error) => console.error("leak watch sweep failed", error),
    );
  timer = setInterval(run, intervalMs);
  timer.unref();
}
