/**
 * A URL slug of a title: lower case, words joined by single hyphens, anything that is not a
 * letter or a digit dropped ("Hello, World!" → "hello-world").
 */
export function slugify(title: string): string {
  throw new Error(`not implemented: slugify(${JSON.stringify(title)})`);
}
