// Test helpers shared by this repository's packages. Private: never published.

export {
  expectOneTokenRequest,
  expectTakeoverAfterTheHolderIsKilled,
  fleetAuthConfig,
} from './fleet-scenarios.js';
export {
  type ContractResponseShape,
  type ProductContractOptions,
  type ProductErrorExports,
  runProductContract,
} from './product-contract.js';
export {
  expectReadmeToShowQuickStart,
  quickStartOf,
  readmeQuickStartOf,
  startQuickStartSandbox,
} from './readme-quick-start.js';
export { findSecrets, secretSpellings } from './secret-spellings.js';
export { checkStoreAgainstModel, type StoreModelSettings } from './store-model.js';
