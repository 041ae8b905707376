import type { CompiledSchema, Particle, SimpleTypeDef, TypeRef } from '../schema/schema-model';
import { camelName } from './names';

type JsonSchema = Record<string, unknown>;

const componentName = (key: string) => `Goaml_${key.replace(/[^A-Za-z0-9_]/g, '_')}`;

function simpleSchema(type: SimpleTypeDef): JsonSchema {
  const schema: JsonSchema = { type: 'string' };
  if (type.enumeration) schema.enum = type.enumeration;
  if (type.maxLength !== undefined) schema.maxLength = type.maxLength;
  if (type.minLength !== undefined) schema.minLength = type.minLength;
  if (type.base === 'decimal') schema.description = 'decimal number, as a string';
  if (type.base === 'date') schema.format = 'date';
  if (type.base === 'dateTime') schema.description = 'date and time, YYYY-MM-DDThh:mm:ss (a date alone is read as midnight)';
  if (type.name) schema.title = type.name;
  return schema;
}

/**
 * OpenAPI component schemas for the JSON form of the configured goAML schema, so /docs always
 * documents what this FIU actually accepts. Returns the components and the report's component name.
 */
export function goamlJsonSchemas(schema: CompiledSchema): { root: string; components: Record<string, JsonSchema> } {
  const components: Record<string, JsonSchema> = {};
  const refOf = (type: TypeRef): JsonSchema => {
    if ('simple' in type) return simpleSchema(type.simple);
    const complex = schema.types[type.complex];
    if (!complex) return {};
    if (complex.simpleContent) return simpleSchema(complex.simpleContent);
    const name = componentName(type.complex);
    if (!components[name]) {
      components[name] = {};
      const wrapped = schema.wrappers[type.complex];
      const properties: Record<string, JsonSchema> = {};
      const items: Record<string, JsonSchema> = {};
      const visit = (particle: Particle, repeated: boolean) => {
        if (particle.kind !== 'element') return particle.particles.forEach((part) => visit(part, repeated || particle.maxOccurs > 1));
        if (particle.maxOccurs === 0) return;
        const item = refOf(particle.type);
        items[camelName(particle.name)] = item;
        const isWrapper = 'complex' in particle.type && Boolean(schema.wrappers[particle.type.complex]);
        properties[camelName(particle.name)] = (repeated || particle.maxOccurs > 1) && !isWrapper ? { type: 'array', items: item } : item;
      };
      if (complex.content) visit(complex.content, false);
      components[name] = wrapped
        ? { type: 'array', items: items[camelName(wrapped)] }
        : { type: 'object', additionalProperties: false, properties };
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  const root = refOf(schema.root);
  return { root: String(root.$ref ?? '').split('/').pop() ?? '', components };
}
