/** See scripts/lib/vite-policy-packages.ts. */
declare module 'virtual:policy-packages' {
  import type { Package } from './schema.ts';
  export const sources: { file: string; text: string }[];
  export const packages: Package[];
}
