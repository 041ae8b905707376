import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompiledSchema } from '../schema-model';
import { compileXsd } from '../xsd-compiler';

const FILE_NAME = 'goaml-core.xsd';

/**
 * Where goaml-core.xsd may lie. First beside this module: the source tree (ts-jest, ts-node) and
 * dist/ once the build copies the .xsd files under libs/ there (tsc does not: the build script must).
 * Then, from dist/libs/reports/src/goaml/schema/default, back to the source tree at the repository
 * root, for a dist/ built without that copy step but run from a checkout.
 */
const CANDIDATES = [
  path.join(__dirname, FILE_NAME),
  path.resolve(__dirname, '../../../../../../../libs/reports/src/goaml/schema/default', FILE_NAME),
];

/** The built-in goAML schema file: the first candidate that exists, else the expected location beside this module. */
export const DEFAULT_XSD_PATH: string = CANDIDATES.find((candidate) => existsSync(candidate)) ?? CANDIDATES[0];

let text: string | undefined;
let compiled: CompiledSchema | undefined;

/** Text of the built-in goAML schema (goaml-core.xsd), read once. */
export function defaultSchemaText(): string {
  if (text === undefined) {
    if (!existsSync(DEFAULT_XSD_PATH)) {
      throw new Error(
        `The built-in goAML schema ${FILE_NAME} is missing (looked in ${CANDIDATES.join(' and ')}): ` +
          'the build must copy libs/**/*.xsd into dist/, or GOAML_XSD must name an FIU schema',
      );
    }
    text = readFileSync(DEFAULT_XSD_PATH, 'utf8');
  }
  return text;
}

/** The built-in goAML schema, used when no FIU XSD is configured. Compiled once, lazily; deeply frozen. */
export function defaultSchema(): CompiledSchema {
  compiled ??= compileXsd(defaultSchemaText());
  return compiled;
}
