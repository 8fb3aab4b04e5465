/** The release version, kept in step with package.json (a test checks). */
export const TIJORI_VERSION = '0.1.0';
