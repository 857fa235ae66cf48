import assert from 'node:assert/strict';
import { slugify } from './slugify.js';

assert.equal(slugify('Hello World'), 'hello-world');
assert.equal(slugify('Hello, World!'), 'hello-world');
assert.equal(slugify('  many   spaces  '), 'many-spaces');
assert.equal(slugify('TypeScript 5 Release'), 'typescript-5-release');
