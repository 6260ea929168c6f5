import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { markdownFiles } from './markdown-files';
import { headingAnchor, markdownAnchors, markdownLinks, npmScriptsNamed } from './markdown-links';

const root = resolve(__dirname, '../../..');
const files = markdownFiles(root);
const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as object);

describe('the documentation', () => {
  it('is found (README, CHANGELOG and the docs folder)', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/ARCHITECTURE.md']));
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const { target, line } of markdownLinks(readFileSync(join(root, file), 'utf8'))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        const [path, anchor] = target.split('#');
        const resolved = path === '' ? join(root, file) : resolve(root, dirname(file), decodeURI(path));
        if (!existsSync(resolved)) {
          broken.push(`${file}:${line} → ${target} (no such file)`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && statSync(resolved).isFile()) {
          if (!markdownAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
            broken.push(`${file}:${line} → ${target} (no such heading)`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('runs only npm scripts that package.json has', () => {
    const unknown = files.flatMap((file) =>
      npmScriptsNamed(readFileSync(join(root, file), 'utf8'))
        .filter((script) => !scripts.includes(script))
        .map((script) => `${file}: npm run ${script}`),
    );
    expect(unknown).toEqual([]);
  });

  it('keeps the README a front door: at most 20 KB, the two commands in its first screen', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20 * 1024);
    const firstScreen = readme.split('\n').slice(0, 25).join('\n');
    expect(firstScreen).toContain('npm start');
    expect(firstScreen).toContain('npm test');
  });
});

describe('the checks themselves', () => {
  it('see a link outside code but not inside it', () => {
    const text = 'see [a](docs/a.md#x)\n`[b](no.md)`\n```\n[c](no.md)\n```\n![img](i.png "t")';
    expect(markdownLinks(text).map((link) => link.target)).toEqual(['docs/a.md#x', 'i.png']);
  });

  it('make anchors as GitHub does, numbering repeated headings', () => {
    expect(headingAnchor("Where the router's time goes")).toBe('where-the-routers-time-goes');
    expect(headingAnchor('Routing: policies and the trust ladder')).toBe('routing-policies-and-the-trust-ladder');
    expect([...markdownAnchors('# A\n## A\n## `B` c')]).toEqual(['a', 'a-1', 'b-c']);
  });

  it('name the scripts a text runs', () => {
    expect(npmScriptsNamed('npm run -s token -- x; npm run demo; npm test')).toEqual(['token', 'demo']);
  });
});
