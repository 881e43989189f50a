// Fault injection for a child process (node --import tsx --import ./test/faults/inject.mjs …).
// FAULT_KILL_ON=<regex>: SIGKILL this process at the FAULT_KILL_NTH (default 1st) matching event:
//   "open <path>", "write <path>" (after writing half of that piece), "rename <from> -> <to>",
//   "read <path>" (fs/promises readFile), "log <text>" (after printing it).
// FAULT_PAUSE_ON=<regex>: block FAULT_PAUSE_MS (default 3000) at the first matching event (to make writers overlap).
// FAULT_ENOSPC_ON=<regex>: writeSync to a file whose path matches fails with ENOSPC, as on a full disk.
import { createRequire, syncBuiltinESMExports } from "node:module";

const require = createRequire(import.meta.url);
const fs = require("node:fs");
const fsp = require("node:fs/promises");
const killOn = process.env.FAULT_KILL_ON ? new RegExp(process.env.FAULT_KILL_ON) : null;
const enospcOn = process.env.FAULT_ENOSPC_ON ? new RegExp(process.env.FAULT_ENOSPC_ON) : null;
let left = Number(process.env.FAULT_KILL_NTH ?? 1);
const die = () => process.kill(process.pid, "SIGKILL");
const pauseOn = process.env.FAULT_PAUSE_ON ? new RegExp(process.env.FAULT_PAUSE_ON) : null;
let paused = false;
const hit = (event) => {
  if (pauseOn && !paused && pauseOn.test(event)) {
    paused = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.FAULT_PAUSE_MS ?? 3000));
  }
  return killOn !== null && killOn.test(event) && --left <= 0;
};
const fdPath = new Map();

const openSync = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  fdPath.set(fd, String(path));
  if (hit(`open ${path}`)) die();
  return fd;
};
const writeSync = fs.writeSync;
fs.writeSync = function (fd, buffer, ...rest) {
  const path = fdPath.get(fd) ?? "";
  if (enospcOn?.test(path)) {
    const error = new Error(`ENOSPC: no space left on device, write '${path}'`);
    Object.assign(error, { code: "ENOSPC", errno: -28, syscall: "write", path });
    throw error;
  }
  if (hit(`write ${path}`)) {
    if (typeof buffer !== "string") {
      const offset = rest[0] ?? 0;
      const length = rest[1] ?? buffer.byteLength - offset;
      writeSync.call(this, fd, buffer, offset, Math.floor(length / 2));
    }
    die();
  }
  return writeSync.call(this, fd, buffer, ...rest);
};
const renameSync = fs.renameSync;
fs.renameSync = function (from, to) {
  if (hit(`rename ${from} -> ${to}`)) die();
  return renameSync.call(this, from, to);
};
const readFile = fsp.readFile;
fsp.readFile = async function (path, ...rest) {
  if (hit(`read ${path}`)) die();
  return readFile.call(this, path, ...rest);
};
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    const result = write(chunk, ...rest);
    if (hit(`log ${chunk}`)) die();
    return result;
  };
}
syncBuiltinESMExports();
