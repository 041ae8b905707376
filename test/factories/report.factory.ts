import { JsonForm } from '../../libs/reports/src/goaml/json/json-form';
import { defaultSchema } from '../../libs/reports/src/goaml/schema/default/default-schema';
import { writeXml } from '../../libs/reports/src/goaml/xml/xml-writer';
import type { Json } from '../../libs/reports/src/goaml/examples/example-report';

export { aCustomer, anAccount, aReport, aTransaction } from '../../libs/reports/src/goaml/examples/example-report';

/** The same report as goAML XML. */
export function asGoamlXml(report: Json): string {
  const { root, errors } = new JsonForm(defaultSchema()).toElementTree(report);
  if (!root || errors.length) throw new Error(`Factory report does not convert: ${JSON.stringify(errors)}`);
  return writeXml(root);
}
