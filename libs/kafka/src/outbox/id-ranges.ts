/** Sorted row ids as compact ranges ("3-7,9,12-14"): the last published batch, within a group offset's metadata. */
export function encodeIdRanges(ids: readonly bigint[]): string {
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ranges: string[] = [];
  for (let index = 0; index < sorted.length;) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1n) end += 1;
    ranges.push(end === index ? `${sorted[index]}` : `${sorted[index]}-${sorted[end]}`);
    index = end + 1;
  }
  return ranges.join(',');
}

export function decodeIdRanges(text: string | null | undefined): Set<string> {
  const ids = new Set<string>();
  for (const range of (text ?? '').split(',').filter(Boolean)) {
    const [from, to = from] = range.split('-').map((part) => BigInt(part));
    for (let id = from; id <= to; id += 1n) ids.add(id.toString());
  }
  return ids;
}
