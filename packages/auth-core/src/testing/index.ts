export { runTokenStoreContract, type TokenStoreContractOptions } from './store-contract.js';
export {
  type ContractRequestLogEntry,
  type ContractResponseShape,
  type ContractSandbox,
  type ContractSandboxUser,
  type ProductContractOptions,
  runProductContract,
} from './product-contract.js';
export {
  expectReadmeToShowQuickStart,
  quickStartOf,
  readmeQuickStartOf,
  startQuickStartSandbox,
} from './readme-quick-start.js';
