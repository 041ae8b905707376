import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

// Composite class-validator decorators the DTOs share, so a rule reads the same everywhere.

const trimmed = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Required text, trimmed, 1 to `max` characters. */
export const RequiredText = (max: number) => applyDecorators(trimmed, IsString(), IsNotEmpty(), MaxLength(max));

/** Optional text, trimmed; blank counts as absent. */
export const OptionalText = (max: number) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value)),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );

/** An optional list of ids (duplicates are harmless: the services keep each once). */
export const OptionalIds = (max = 500) => applyDecorators(IsOptional(), IsArray(), ArrayMaxSize(max), IsUUID('loose', { each: true }));

/** An optional integer from a query string (converted from text), between min and max. */
export const OptionalInt = (min: number, max: number) => applyDecorators(IsOptional(), Type(() => Number), IsInt(), Min(min), Max(max));

/** Each id once, in the order given. */
export const unique = (ids: string[] | undefined): string[] => [...new Set(ids ?? [])];
