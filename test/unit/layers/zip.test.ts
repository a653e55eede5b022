import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ZIP_ENTRIES, writeZip, type ZipEntry, ZipError } from '../../../layers/zip';

/** Lines of `unzip -Z` (zipinfo) for a zip, as a user inspecting the layer reads them. */
const zipinfo = (zip: string): string[] => execFileSync('unzip', ['-Z', zip], { encoding: 'utf8' }).trim().split('\n');
const extract = (zip: string, path: string): Buffer => execFileSync('unzip', ['-p', zip, path]);

describe('writeZip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-zip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const text = Buffer.from('module.exports = "periscope";\n'.repeat(200));
  const noise = randomBytes(4096);
  const entries: ZipEntry[] = [
    { path: 'nodejs/node_modules/periscope/index.js', data: text },
    { path: 'nodejs/node_modules/periscope/package.json', data: Buffer.from('{"name":"periscope"}\n') },
    { path: 'nodejs/bin/run', data: Buffer.from('#!/bin/sh\necho run\n'), mode: 0o755 },
    { path: 'nodejs/blob.bin', data: noise },
    { path: 'nodejs/empty.txt', data: Buffer.alloc(0) },
    { path: 'nodejs/périscope/ünïcode.txt', data: Buffer.from('naïve\n') },
  ];

  it('writes a zip that unzip reads back file by file, byte for byte', () => {
    // Prepare
    const zip = join(dir, 'round-trip.zip');

    // Act
    writeFileSync(zip, writeZip(entries));

    // Assess
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    for (const entry of entries) expect(extract(zip, entry.path).equals(entry.data)).toBe(true);
  });

  it('lists entries sorted by path, dated 1980-01-01 00:00, with unix modes, deflated unless that is not smaller', () => {
    // Prepare
    const zip = join(dir, 'listing.zip');

    // Act
    writeFileSync(zip, writeZip(entries));

    // Assess
    const lines = zipinfo(zip);
    expect(lines[1]).toMatch(/number of entries: 6$/);
    const listed = lines.slice(2, -1).map((line) => line.split(/\s+/));
    // zipinfo columns: mode, version, system, size, type, method, date, time, name
    expect(listed.map((columns) => columns.slice(8).join(' '))).toEqual([
      'nodejs/bin/run',
      'nodejs/blob.bin',
      'nodejs/empty.txt',
      'nodejs/node_modules/periscope/index.js',
      'nodejs/node_modules/periscope/package.json',
      'nodejs/périscope/ünïcode.txt',
    ]);
    for (const columns of listed) expect(columns.slice(2, 3).concat(columns.slice(6, 8))).toEqual(['unx', '80-Jan-01', '00:00']);
    expect(listed.map((columns) => [columns[0], columns[5]])).toEqual([
      ['-rwxr-xr-x', 'stor'],
      ['-rw-r--r--', 'stor'],
      ['-rw-r--r--', 'stor'],
      ['-rw-r--r--', 'defX'],
      ['-rw-r--r--', 'stor'],
      ['-rw-r--r--', 'stor'],
    ]);
  });

  it('gives the same bytes for the same entries in another order', () => {
    // Act
    const forward = writeZip(entries);
    const backward = writeZip([...entries].reverse());

    // Assess
    expect(backward.equals(forward)).toBe(true);
  });

  it.each([
    ['/etc/passwd', 'is absolute'],
    ['C:/Windows/evil.dll', 'is absolute'],
    ['../outside.js', "contains '..'"],
    ['nodejs/../../outside.js', "contains '..'"],
    ['nodejs\\index.js', "contains '\\'"],
    ['nodejs//index.js', 'has an empty'],
    ['', 'is empty'],
  ])('refuses the entry path %j, naming it', (path, why) => {
    // Act
    const write = () =>
      writeZip([
        { path: 'nodejs/ok.js', data: Buffer.from('ok') },
        { path, data: Buffer.from('x') },
      ]);

    // Assess
    expect(write).toThrow(ZipError);
    expect(write).toThrow(expect.objectContaining({ path, message: expect.stringContaining(`'${path}' ${why}`) }));
  });

  it('refuses a path that comes twice, naming it', () => {
    // Act
    const write = () => writeZip([...entries, { path: 'nodejs/empty.txt', data: Buffer.from('again') }]);

    // Assess
    expect(write).toThrow(expect.objectContaining({ name: 'ZipError', path: 'nodejs/empty.txt', message: "Zip entry path 'nodejs/empty.txt' appears more than once" }));
  });

  it('refuses more entries than a zip without zip64 can count', () => {
    // Prepare
    const tooMany = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, index) => ({ path: `f${index}`, data: Buffer.alloc(0) }));

    // Act
    const write = () => writeZip(tooMany);

    // Assess
    expect(write).toThrow(new ZipError('A zip without zip64 holds at most 65535 entries; got 65536'));
  });
});
