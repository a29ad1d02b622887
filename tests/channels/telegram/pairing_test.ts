import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CODE_TTL_MS,
  createPairing,
  LOCKOUT_MS,
  PAIRED_USER_FILE,
  randomPairingCode,
  readPairedUser,
} from "../../../src/channels/telegram/pairing.ts";

async function setup() {
  const dir = await Deno.makeTempDir();
  let t = 1_000_000;
  const codes: string[] = [];
  let n = 0;
  const pairing = createPairing({
    stateDir: dir,
    now: () => t,
    randomCode: () => String(123456 + n++),
    onCode: (c) => codes.push(c.code),
  });
  return {
    dir,
    pairing,
    codes,
    advance: (ms: number) => (t += ms),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

const alice = { id: 42, username: "alice" };
const mallory = { id: 66, username: "mallory" };

Deno.test("randomPairingCode() returns 6 digits from 100000 to 999999", () => {
  for (let i = 0; i < 200; i++) {
    const c = Number(randomPairingCode());
    assert.ok(Number.isInteger(c) && c >= 100000 && c <= 999999, String(c));
  }
});

Deno.test("createPairing() issues a code on the first message and pairs the sender of the right code", async () => {
  await using s = await setup();
  assert.deepEqual(await s.pairing.check(alice, "hello"), { kind: "instructions", newCode: true });
  assert.deepEqual(s.codes, ["123456"]);
  assert.equal(s.pairing.pending()?.code, "123456");
  const r = await s.pairing.check(alice, " 123456 ");
  assert.equal(r.kind, "paired");
  assert.deepEqual(await readPairedUser(s.dir), {
    user_id: 42,
    username: "alice",
    paired_at: new Date(1_000_000).toISOString(),
  });
  assert.equal((await Deno.stat(join(s.dir, PAIRED_USER_FILE))).mode! & 0o777, 0o600);
  assert.equal(s.pairing.pending(), undefined);
  assert.deepEqual(await s.pairing.check(alice, "anything"), { kind: "authorized" });
});

Deno.test("createPairing() refuses everyone but the paired user", async () => {
  await using s = await setup();
  await s.pairing.check(alice, "hi");
  await s.pairing.check(alice, "123456");
  assert.deepEqual(await s.pairing.check(mallory, "hi"), { kind: "refused" });
  assert.deepEqual(await s.pairing.check(mallory, "123456"), { kind: "refused" });
});

Deno.test("createPairing() counts wrong codes and locks for 10 minutes after five", async () => {
  await using s = await setup();
  await s.pairing.check(mallory, "hi");
  for (let left = 4; left >= 1; left--) {
    assert.deepEqual(await s.pairing.check(mallory, "000000"), { kind: "wrong", left });
  }
  const locked = await s.pairing.check(mallory, "000000");
  assert.equal(locked.kind, "locked");
  // Even the right code is refused while locked.
  assert.equal((await s.pairing.check(alice, "123456")).kind, "locked");
  s.advance(LOCKOUT_MS + 1);
  assert.deepEqual(await s.pairing.check(alice, "hi"), { kind: "instructions", newCode: true });
  assert.equal((await s.pairing.check(alice, s.codes.at(-1)!)).kind, "paired");
});

Deno.test("createPairing() expires a code after 10 minutes and issues a new one", async () => {
  await using s = await setup();
  await s.pairing.check(alice, "hi");
  s.advance(CODE_TTL_MS);
  assert.equal(s.pairing.pending(), undefined);
  assert.deepEqual(await s.pairing.check(alice, "123456"), { kind: "expired" });
  assert.deepEqual(s.codes, ["123456", "123457"]);
  assert.equal(await readPairedUser(s.dir), undefined);
  assert.equal((await s.pairing.check(alice, "123457")).kind, "paired");
});

Deno.test("createPairing() keeps the same code for repeated messages while it is valid", async () => {
  await using s = await setup();
  await s.pairing.check(alice, "hi");
  assert.deepEqual(await s.pairing.check(alice, "hi again"), {
    kind: "instructions",
    newCode: false,
  });
  assert.deepEqual(s.codes, ["123456"]);
});

Deno.test("Pairing.unpair() removes the pairing so a new user can pair", async () => {
  await using s = await setup();
  await s.pairing.check(alice, "hi");
  await s.pairing.check(alice, "123456");
  assert.equal(await s.pairing.unpair(), true);
  assert.equal(await s.pairing.unpair(), false);
  assert.equal((await s.pairing.check(mallory, "hi")).kind, "instructions");
});

Deno.test("readPairedUser() names the file when it is not valid JSON", async () => {
  await using s = await setup();
  await Deno.writeTextFile(join(s.dir, PAIRED_USER_FILE), "{nope");
  await assert.rejects(() => readPairedUser(s.dir), /Cannot read ".*telegram_paired_user.json"/);
});
