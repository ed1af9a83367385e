export { openModuleHarness, testConfig, workerRegistration } from './module-harness';
export type { ModuleHarness, ModuleHarnessOptions } from './module-harness';
export { seededRandom } from './seeded-random';
