import type { XmlElement } from './xml-element';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** Serialises an element tree as goAML XML (UTF-8, two-space indentation). */
export function writeXml(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  const write = (element: XmlElement, depth: number) => {
    const indent = '  '.repeat(depth);
    const attributes = Object.entries(element.attributes)
      .map(([name, value]) => ` ${name}="${escape(value)}"`)
      .join('');
    if (element.children.length === 0) {
      lines.push(`${indent}<${element.name}${attributes}>${escape(element.text)}</${element.name}>`);
      return;
    }
    lines.push(`${indent}<${element.name}${attributes}>`);
    for (const child of element.children) write(child, depth + 1);
    lines.push(`${indent}</${element.name}>`);
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}
