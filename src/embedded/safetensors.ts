import { readFileSync, writeFileSync } from 'node:fs';

// The safetensors layout (an 8-byte little-endian header length, a JSON header of names, dtypes,
// shapes and byte offsets, then raw little-endian data) is small enough to write directly; the
// files open in the Hugging Face `safetensors` library and in @jax-js/loaders.

export interface NamedTensor {
  data: Float32Array;
  shape: number[];
}

export function writeSafetensors(file: string, tensors: Map<string, NamedTensor>, metadata: Record<string, string> = {}): void {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, at);
    at += t.data.byteLength;
  }
  writeFileSync(file, out);
}

export function readSafetensors(file: string): Map<string, NamedTensor> {
  const bytes = readFileSync(file);
  if (bytes.length < 8) throw new Error(`${file}: not a safetensors file (too short)`);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) throw new Error(`${file}: safetensors header length exceeds the file`);
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const base = 8 + headerLength;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (info.dtype !== 'F32') throw new Error(`${file}: tensor ${name} has dtype ${info.dtype}; only F32 is supported`);
    const [begin, end] = info.data_offsets;
    const copy = new Uint8Array(bytes.subarray(base + begin, base + end));
    tensors.set(name, { data: new Float32Array(copy.buffer, 0, (end - begin) / 4), shape: info.shape });
  }
  return tensors;
}
