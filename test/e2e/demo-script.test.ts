import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `npm run demo` (scripts/demo.sh) on the build the browser tests made: whichever way it ends,
// neither server is left running (issue 12).

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

interface Demo {
  script: ChildProcess;
  appPort: number;
  emulatorPort: number;
  pids: () => { emulator: number; app: number };
}

let running: Demo | undefined;

async function startDemo(): Promise<Demo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cc-demo-"));
  const [appPort, emulatorPort, mailboxPort] = [await freePort(), await freePort(), await freePort()];
  const pidfile = path.join(dir, "pids");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_SKIP_BUILD: "1",
    DEMO_PIDFILE: pidfile,
    APP_PORT: String(appPort),
    EMULATOR_PORT: String(emulatorPort),
    MAILBOX_SMTP_PORT: String(mailboxPort),
    DATABASE_URL: `file:${path.join(dir, "demo.sqlite")}`,
  };
  for (const key of ["SHOPIFY_APP_URL", "SHOPIFY_EMULATOR_URL", "APP_BRIDGE_URL", "SHOPIFY_API_SECRET", "SHOPIFY_API_KEY", "EMAIL_DEFAULT_SMTP_URL", "MAILBOX_URL"])
    delete env[key];
  const script = spawn("bash", ["scripts/demo.sh"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  script.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  script.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes("demo is running")) {
    if (script.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const pids = () => {
    const m = /emulator=(\d+) app=(\d+)/.exec(fs.readFileSync(pidfile, "utf8"))!;
    return { emulator: Number(m[1]), app: Number(m[2]) };
  };
  running = { script, appPort, emulatorPort, pids };
  return running;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm run demo stops both servers, always", () => {
  afterEach(async () => {
    // Whatever a failed assertion left: stopped by id.
    if (!running) return;
    const { script, pids } = running;
    running = undefined;
    for (const pid of Object.values(pids())) if (alive(pid)) process.kill(pid, "SIGKILL");
    if (script.exitCode === null) script.kill("SIGKILL");
  });

  // Each starts the whole demo (migrate, both servers, the seed): up to a minute on a busy machine.
  it("when the app dies, the emulator is stopped and the demo ends", { timeout: 180_000 }, async () => {
    const demo = await startDemo();
    expect(await listening(demo.emulatorPort)).toBe(true);
    process.kill(demo.pids().app, "SIGKILL");
    expect(await exited(demo.script)).not.toBe(0);
    expect(alive(demo.pids().emulator)).toBe(false);
    expect(await listening(demo.emulatorPort)).toBe(false);
  });

  it("when the demo is stopped (SIGTERM), both servers are", { timeout: 180_000 }, async () => {
    const demo = await startDemo();
    demo.script.kill("SIGTERM");
    await exited(demo.script);
    expect(alive(demo.pids().app) || alive(demo.pids().emulator)).toBe(false);
    expect([await listening(demo.appPort), await listening(demo.emulatorPort)]).toEqual([false, false]);
  });
});
