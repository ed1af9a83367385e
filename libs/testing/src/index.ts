export { openModuleHarness, testConfig } from './module-harness';
export type { ModuleHarness, ModuleHarnessOptions } from './module-harness';
