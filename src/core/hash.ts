import { createHash } from 'node:crypto';

/** The SHA-256 of a text or a file's bytes, as lowercase hex: how didactic tells inputs apart. */
export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
