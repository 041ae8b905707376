import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startConsole } from './support/console-node';

type Schema = { $ref?: string; type?: string; items?: Schema; allOf?: Schema[]; enum?: unknown[]; properties?: Record<string, Schema>; additionalProperties?: unknown };
type Operation = {
  tags?: string[];
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

// Controllers another engineer is rewriting in parallel; the coordinator drops a tag from here once it lands.
const PENDING_TAGS = ['auth'];

/**
 * The browser console is generated from /docs-json, so the document is the contract: every route
 * names a typed response and its errors, every schema property is typed, and names are camelCase.
 */
describe('console OpenAPI document: the contract the browser app is generated from', () => {
  let app: NestFastifyApplication;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    app = await startConsole();
    const response = await app.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    doc = response.json();
  });

  afterAll(async () => {
    await app?.close();
  });

  const operations = () =>
    Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })))
      .filter(({ route, operation }) => {
        const pending = (operation.tags ?? []).some((tag) => PENDING_TAGS.includes(tag));
        if (pending) console.warn(`contract not yet checked (pending rewrite): ${route}`);
        return !pending;
      });

  const refName = (schema: Schema | undefined): string | undefined => schema?.$ref?.replace('#/components/schemas/', '');

  it('gives every route a typed success response, typed parameters, and the error body', () => {
    const problems: string[] = [];
    const checked = operations();
    expect(checked.length).toBeGreaterThan(30);
    for (const { route, operation } of checked) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (success.length !== 1) problems.push(`${route}: ${success.length} success responses`);
      for (const [status, response] of success) {
        const contents = Object.entries(response.content ?? {});
        if (contents.length === 0) problems.push(`${route} ${status}: no response type`);
        for (const [type, { schema }] of contents) {
          const named = refName(schema) ?? (schema.type === 'array' ? refName(schema.items) : undefined);
          const file = type !== 'application/json' && schema.type === 'string';
          if (!named && !file) problems.push(`${route} ${status} ${type}: neither a named DTO, a list of one, nor a file`);
        }
      }
      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
      if (errors.length === 0 || errors.some(([, response]) => refName(response.content?.['application/json']?.schema) !== 'ApiErrorResponse')) {
        problems.push(`${route}: error responses not documented with ApiErrorResponse`);
      }
      for (const parameter of operation.parameters ?? []) {
        if (!parameter.schema?.type && !parameter.schema?.$ref && !parameter.schema?.allOf && !parameter.schema?.enum) problems.push(`${route}: parameter ${parameter.name} has no type`);
        if (parameter.in === 'path' && /id$/i.test(parameter.name) && (parameter.schema as { format?: string })?.format !== 'uuid') problems.push(`${route}: ${parameter.name} is not a uuid`);
      }
      for (const [type, { schema }] of Object.entries(operation.requestBody?.content ?? {})) {
        if (!refName(schema)) problems.push(`${route}: request body ${type} is not a named DTO`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('types every property of every schema those routes use, in camelCase', () => {
    const seen = new Set<string>();
    const visit = (schema: Schema | undefined) => {
      if (!schema) return;
      const name = refName(schema);
      if (name) {
        if (seen.has(name)) return;
        seen.add(name);
        visit(doc.components.schemas[name]);
        return;
      }
      schema.allOf?.forEach(visit);
      visit(schema.items);
      Object.values(schema.properties ?? {}).forEach(visit);
    };
    for (const { operation } of operations()) {
      Object.values(operation.responses).forEach((response) => Object.values(response.content ?? {}).forEach(({ schema }) => visit(schema)));
      Object.values(operation.requestBody?.content ?? {}).forEach(({ schema }) => visit(schema));
    }
    expect(seen.size).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const name of seen) {
      const schema = doc.components.schemas[name];
      for (const [property, definition] of Object.entries(schema.properties ?? {})) {
        if (!/^[a-z][a-zA-Z0-9]*$/.test(property)) problems.push(`${name}.${property}: not camelCase`);
        const typed = definition.type || definition.$ref || definition.allOf || definition.enum;
        if (!typed) problems.push(`${name}.${property}: no type`);
        if (definition.type === 'array' && !(definition.items?.type || definition.items?.$ref || definition.items?.enum || definition.items?.allOf)) problems.push(`${name}.${property}: array of nothing`);
        if (definition.type === 'object' && !definition.properties && !definition.allOf && definition.additionalProperties === undefined) problems.push(`${name}.${property}: object of unknown shape`);
      }
    }
    expect(problems).toEqual([]);
    // Enums are named components, so the generated client shares one type for each.
    expect(doc.components.schemas.TriageStatus).toMatchObject({ type: 'string', enum: ['new', 'in_review', 'closed_no_action', 'linked_to_case'] });
    expect(doc.components.schemas.CaseStatus.enum).toContain('proposed_for_dissemination');
  });
});
