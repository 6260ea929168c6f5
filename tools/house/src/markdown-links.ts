/** A link or image target written in a Markdown file, with the line it is on. */
export interface MarkdownLink {
  target: string;
  line: number;
}

/** Text of a Markdown file with fenced code blocks and inline code blanked (their brackets are not links). */
function withoutCode(text: string): string {
  return text
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** Inline links and images: `[text](target)` and `![alt](target "title")`. */
export function markdownLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  const lines = withoutCode(text).split('\n');
  lines.forEach((content, index) => {
    for (const match of content.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: match[1], line: index + 1 });
    }
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown file offers, numbered like GitHub's when a heading repeats. */
export function markdownAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutCodeBlocks(text).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = headingAnchor(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function withoutCodeBlocks(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
}

/** The npm scripts a text runs: `npm run X`, `npm run -s X`, `npm run --silent X`. */
export function npmScriptsNamed(text: string): string[] {
  return [...text.matchAll(/npm run(?:\s+(?:-s|--silent))?\s+([A-Za-z0-9:_-]+)/g)].map((match) => match[1]);
}
