import type { EntityManager } from 'typeorm';
import { CompactElement, expand } from './model/compact-element';
import { TRANSACTIONS_PLACEHOLDER } from './model/report-mapper';
import { ReportTransaction } from './model/report-transaction.entity';
import { writeXml } from './xml/xml-writer';

/** Writes a stored report back out as goAML XML, from its header elements and its transaction rows. */
export async function exportGoamlXml(manager: EntityManager, reportId: string, headerElements: CompactElement[]): Promise<string> {
  const transactions = await manager.find(ReportTransaction, { where: { reportId }, order: { position: 'ASC' }, select: { element: true, position: true } });
  const children: CompactElement[] = [];
  for (const element of headerElements) {
    if (element.n === TRANSACTIONS_PLACEHOLDER) children.push(...transactions.map((transaction) => transaction.element));
    else children.push(element);
  }
  return writeXml(expand({ n: 'report', c: children }));
}
