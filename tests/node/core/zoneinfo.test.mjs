import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { isValidZoneName, listZones, loadTzif } from '../../../wasm/js/zoneinfo.mjs';

const copyDir = new URL('../../../build/wasm/zoneinfo/', import.meta.url);

test('loadTzif returns the same bytes as the system zone file', async () => {
  for (const name of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kathmandu', 'UTC']) {
    const bytes = await loadTzif(name);
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual(Buffer.from(bytes), await readFile(`/usr/share/zoneinfo/${name}`), name);
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'TZif');
  }
});

test('the wasm build holds its own copy (browsers cannot read /usr/share)', async () => {
  const copied = await readFile(new URL('Europe/Berlin', copyDir));
  assert.deepEqual(copied, await readFile('/usr/share/zoneinfo/Europe/Berlin'));
  const top = await readdir(copyDir);
  assert.ok(!top.includes('posix') && !top.includes('right') && !top.includes('localtime'));
  assert.ok(!top.includes('zone.tab') && !top.includes('tzdata.zi') && !top.includes('leapseconds'));
  assert.ok((await stat(new URL('UTC', copyDir))).isFile(), 'links are copied as plain files');
});

test('listZones names every copied file, and each one is TZif', async () => {
  const zones = await listZones();
  assert.ok(zones.length >= 300, `${zones.length} zones`);
  assert.deepEqual(zones, [...zones].sort());
  for (const name of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC', 'US/Eastern', 'Etc/GMT+5']) {
    assert.ok(zones.includes(name), name);
  }
  assert.ok(zones.every((name) => !name.startsWith('posix/') && !name.startsWith('right/')));
  assert.ok(zones.every(isValidZoneName));
  let tzif = 0;
  for (const name of zones) {
    const head = (await readFile(new URL(name, copyDir))).subarray(0, 4).toString('latin1');
    if (head === 'TZif') tzif += 1;
  }
  assert.equal(tzif, zones.length);
});

test('invalid names are refused before touching the disk', async () => {
  for (const name of ['', '/etc/passwd', '../etc/passwd', 'Europe/../../etc/passwd', 'Europe//Berlin',
    'Europe/', '.', 'Europe\\Berlin', 'Europe/Berlin\n', '-rf', 'a'.repeat(256), 42, null, undefined]) {
    await assert.rejects(loadTzif(name), RangeError, String(name));
    assert.equal(isValidZoneName(name), false, String(name));
  }
});

test('unknown zones and non-TZif files are refused', async () => {
  await assert.rejects(loadTzif('Europe/Atlantis'), { name: 'RangeError', message: 'unknown time zone: "Europe/Atlantis"' });
  await assert.rejects(loadTzif('Europe'), RangeError);  // a folder
  await assert.rejects(loadTzif('leapseconds'), /not TZif data/);  // exists in /usr/share/zoneinfo
});

test('each caller gets its own copy of the bytes', async () => {
  const first = await loadTzif('Europe/Berlin');
  first[0] = 0;
  const second = await loadTzif('Europe/Berlin');
  assert.equal(second[0], 'T'.charCodeAt(0));
});
