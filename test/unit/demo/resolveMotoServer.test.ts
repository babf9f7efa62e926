import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MOTO_VERSION, MotoUnavailableError, resolveMotoServer } from "../../../demo/resolveMotoServer";

function script(path: string, body: string): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A temp project root and a PATH of one empty directory: a machine without moto_server. */
function freshMachine() {
  const base = mkdtempSync(join(tmpdir(), "driftless-moto-"));
  const root = join(base, "project");
  const bin = join(base, "bin");
  mkdirSync(root);
  mkdirSync(bin);
  return { root, bin, env: { PATH: bin }, log: (_line: string) => {} };
}

/** A fake python3 whose `-m venv DIR` makes DIR/bin/pip from `pipBody` (so no network is needed). */
function fakePython(bin: string, pipBody: string): string {
  return script(
    join(bin, "python3"),
    `[ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 3\n/bin/mkdir -p "$3/bin"\n/bin/cat > "$3/bin/pip" <<'PIP'\n#!/bin/sh\n${pipBody}\nPIP\n/bin/chmod +x "$3/bin/pip"`,
  );
}

describe("resolveMotoServer", () => {
  it("uses the moto_server on PATH", async () => {
    const m = freshMachine();
    const moto = script(join(m.bin, "moto_server"), "exit 0");
    expect(await resolveMotoServer({ projectRoot: m.root, env: m.env, log: m.log })).toBe(moto);
  });

  it("uses the project's .venv when PATH has none, installing nothing", async () => {
    const m = freshMachine();
    mkdirSync(join(m.root, ".venv", "bin"), { recursive: true });
    const moto = script(join(m.root, ".venv", "bin", "moto_server"), "exit 0");
    const python = join(m.bin, "no-python-here");
    expect(await resolveMotoServer({ projectRoot: m.root, env: m.env, python, log: m.log })).toBe(moto);
  });

  it("installs the pinned moto into .venv when missing, telling the operator once", async () => {
    const m = freshMachine();
    const calls = join(m.root, "pip-calls");
    const python = fakePython(
      m.bin,
      `echo "$@" >> ${calls}\n/usr/bin/touch "$(/usr/bin/dirname "$0")/moto_server"\n/bin/chmod +x "$(/usr/bin/dirname "$0")/moto_server"`,
    );
    const lines: string[] = [];
    const found = await resolveMotoServer({
      projectRoot: m.root,
      env: m.env,
      python,
      log: (l) => lines.push(l),
    });
    expect(found).toBe(join(m.root, ".venv", "bin", "moto_server"));
    expect(readFileSync(calls, "utf8").trim()).toBe(`install --quiet moto[server]==${MOTO_VERSION}`);
    expect(lines).toEqual([
      expect.stringMatching(/^moto_server is not installed: installing moto\[server\]==5\.2\.1 into /),
    ]);
  });

  it.each([
    {
      name: "there is no Python",
      python: (bin: string) => join(bin, "python3"),
      message:
        /python3 -m venv .* failed: .*python3 was not found\. Install it yourself \(pip install "moto\[server\]==5\.2\.1"\), or set AWS_ENDPOINT_URL/,
    },
    {
      name: "pip cannot reach PyPI",
      python: (bin: string) =>
        fakePython(bin, 'echo "ERROR: No matching distribution found for moto[server]==5.2.1" >&2; exit 1'),
      message:
        /pip install "moto\[server\]==5\.2\.1" into .* failed \(exit 1\): ERROR: No matching distribution found/,
    },
  ])("says why it cannot when $name", async ({ python, message }) => {
    const m = freshMachine();
    const attempt = resolveMotoServer({ projectRoot: m.root, env: m.env, python: python(m.bin), log: m.log });
    await expect(attempt).rejects.toBeInstanceOf(MotoUnavailableError);
    await expect(attempt).rejects.toThrow(message);
  });
});
