import type { XmlElement } from '../xml/xml-element';

/** An element tree without positions: what is kept to write a stored report back out as goAML XML. */
export interface CompactElement {
  n: string;
  t?: string;
  a?: Record<string, string>;
  c?: CompactElement[];
}

export function compact(element: XmlElement): CompactElement {
  const out: CompactElement = { n: element.name };
  if (element.text) out.t = element.text;
  if (Object.keys(element.attributes).length) out.a = element.attributes;
  if (element.children.length) out.c = element.children.map(compact);
  return out;
}

/** Rebuilds a full element tree; positions are recomputed from the tree. */
export function expand(element: CompactElement, xpath = `/${element.n}`): XmlElement {
  const counts = new Map<string, number>();
  const children = (element.c ?? []).map((child) => {
    const index = (counts.get(child.n) ?? 0) + 1;
    counts.set(child.n, index);
    return expand(child, `${xpath}/${child.n}${index > 1 || child.n === 'transaction' ? `[${index}]` : ''}`);
  });
  return { name: element.n, attributes: element.a ?? {}, children, text: element.t ?? '', line: 0, column: 0, xpath };
}
