// Test helpers shared by this repository's packages. Private: never published.
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
