import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnType } from './export-formats.js';

// Rows → one Parquet file with nested columns: a message list is a LIST of structs and a struct
// is a group, so HF `datasets` (verl, SkyRL) reads them back as lists of dicts and dicts.

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

function schemaOf(name: string, type: ColumnType): SchemaElement[] {
  if (type === 'string') return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' }];
  if (type === 'int') return [{ name, type: 'INT64', repetition_type: 'REQUIRED' }];
  if ('list' in type) {
    return [
      { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      ...schemaOf('element', type.list),
    ];
  }
  const fields = Object.entries(type.struct);
  return [{ name, repetition_type: 'REQUIRED', num_children: fields.length }, ...fields.flatMap(([n, t]) => schemaOf(n, t))];
}

/** INT64 columns take bigints; everything else is written as the row holds it. */
function cell(value: unknown, type: ColumnType): unknown {
  if (type === 'int') return BigInt(value as number);
  if (type === 'string') return value;
  if ('list' in type) return (value as unknown[]).map((v) => cell(v, type.list));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(type.struct).map(([k, t]) => [k, cell(record[k], t)]));
}

export function writeParquetRows(file: string, columns: Record<string, ColumnType>, rows: Record<string, unknown>[]): void {
  const entries = Object.entries(columns);
  const schema: SchemaElement[] = [{ name: 'root', num_children: entries.length }, ...entries.flatMap(([n, t]) => schemaOf(n, t))];
  const columnData = entries.map(([name, type]) => ({ name, data: rows.map((row) => cell(row[name], type)) }));
  const buffer = parquetWriteBuffer({ schema, columnData, codec: 'SNAPPY' });
  writeFileSync(file, new Uint8Array(buffer));
}
