/**
 * Installs the packed lifecheck tarball into a fresh folder outside the repository as a user would
 * (`npm install -D ./lifecheck-x.tgz vitest typescript @types/node`), but offline: `npm install --offline` from npm's
 * cache, with a package-lock.json derived from the project's own (every third-party package pinned to the version
 * and integrity the project was installed with, which `npm ci` put in the cache), plus lifecheck as the tarball.
 * Nothing is fetched from the network, and no package named lifecheck can come from the registry.
 * Packing happens in a copy of the working tree (see {@link packTarball}), never in the repository itself.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}
interface Lock {
  packages: Record<string, LockEntry>;
}
interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  license?: string;
}

/** Why npm cannot be used here, or undefined when it can. */
export function npmUnavailable(): string | undefined {
  const r = spawnSync('npm', ['--version'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return `npm is not available: ${r.error.message}`;
  if (r.status !== 0) return `npm --version exited ${r.status}: ${r.stderr.trim()}`;
  return undefined;
}

/** Runs a command in `cwd`, with npm kept offline and quiet; never throws for a non-zero exit. */
export function run(cwd: string, command: string, args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: 600_000,
    env: {
      ...process.env,
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
      ...env,
    },
  });
}

/**
 * Packs the project as `npm pack` does (its `prepack` cleans dist/ and builds), but in a copy of the working tree
 * in a temporary folder, so that the dist/ other tests import from is never removed under them. Returns the
 * tarball's path and what npm says of it.
 */
export function packTarball(): { tarball: string; files: number; packedBytes: number; unpackedBytes: number } {
  const work = mkdtempSync(path.join(tmpdir(), 'lifecheck-pack-'));
  const copy = path.join(work, 'lifecheck');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const file of listed.split('\0')) {
    if (file === '' || !existsSync(path.join(ROOT, file))) continue;
    if (file.startsWith('test/') && !file.startsWith('test/models/')) continue;
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const dest = path.join(work, 'pack');
  mkdirSync(dest);
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: copy, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  const info = (JSON.parse(out.slice(out.indexOf('['))) as { filename: string; entryCount: number; size: number; unpackedSize: number }[])[0]!;
  const tarball = path.join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
  return { tarball, files: info.entryCount, packedBytes: info.size, unpackedBytes: info.unpackedSize };
}

/**
 * A new folder (under the system's temporary directory, outside the repository) with package.json and
 * node_modules holding lifecheck from `tarball` and the project's own vitest, typescript and @types/node, installed
 * offline. Throws with npm's output when the install fails.
 */
export function offlineInstall(tarball: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lifecheck-user-')), 'my-model');
  mkdirSync(dir);
  const project = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
  const pinned = (name: string): string => lock.packages[`node_modules/${name}`]!.version!;
  // The tarball sits beside the user's folder, as a download would: `npm install -D ../lifecheck-x.tgz`.
  const tarName = `../${path.basename(tarball)}`;
  copyFileSync(tarball, path.join(dir, tarName));
  const devDependencies: Record<string, string> = {
    lifecheck: `file:${tarName}`,
    vitest: pinned('vitest'),
    typescript: pinned('typescript'),
    '@types/node': pinned('@types/node'),
  };
  const manifest = { name: 'my-model', version: '1.0.0', private: true, type: 'module', devDependencies };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, LockEntry> = { '': { name: manifest.name, version: manifest.version, devDependencies } };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || !key.startsWith('node_modules/')) continue;
    packages[key] = { ...entry, dev: true };
  }
  packages['node_modules/lifecheck'] = {
    version: project.version,
    resolved: `file:${tarName}`,
    integrity,
    dev: true,
    license: project.license,
    dependencies: project.dependencies,
    bin: project.bin,
    engines: project.engines,
  };
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  const r = run(dir, 'npm', ['install', '--offline', '--no-audit', '--no-fund']);
  if (r.error || r.status !== 0) throw new Error(`offline npm install failed in ${dir} (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return dir;
}
