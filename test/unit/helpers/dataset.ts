/** Test data helpers: the same row loader and firm ids the packages' worked examples use. */
export { loadRows, exampleFirmId as firmId } from '../../../src/lib/policy/examples.ts';
