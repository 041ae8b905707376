/**
 * One element of a goAML document, as read from XML or built from the JSON form. Attributes are
 * rare in goAML but kept. `text` is the element's own character data, trimmed; identifiers and
 * codes are always strings (never numbers: a leading zero must survive).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** 1-based position of the start tag in the source; 0 when built from JSON. */
  line: number;
  column: number;
  /** XPath with positions, e.g. /report/transaction[3]/t_from/from_account/account. */
  xpath: string;
  /** JSON pointer of the same node when it came from the JSON form, e.g. /transaction/2/tFrom/fromAccount/account. */
  jsonPointer?: string;
}
