import { defaultSchema } from '../schema/default/default-schema';
import { goamlJsonSchemas } from './json-schema';

describe('goamlJsonSchemas', () => {
  const { root, components } = goamlJsonSchemas(defaultSchema());

  it('describes the report as an object of camelCase properties that refuses unknown ones', () => {
    const report = components[root] as { type: string; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(report.type).toBe('object');
    expect(report.additionalProperties).toBe(false);
    expect(Object.keys(report.properties)).toEqual(expect.arrayContaining(['rentityId', 'entityReference', 'transaction', 'reportIndicators']));
    expect(report.properties.transaction).toMatchObject({ type: 'array' });
  });

  it('describes a wrapper element as an array of its items, not an array of arrays', () => {
    for (const schema of Object.values(components) as { type?: string; items?: { type?: string } }[]) {
      if (schema.type === 'array') expect(schema.items?.type).not.toBe('array');
    }
  });
});
