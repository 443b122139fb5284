export { forgetAccounts } from '../account-registry.js';
export {
  type ContractResponseShape,
  type ProductContractOptions,
  runProductContract,
} from './product-contract.js';
export {
  expectReadmeToShowQuickStart,
  quickStartOf,
  readmeQuickStartOf,
  startQuickStartSandbox,
} from './readme-quick-start.js';
export { runTokenStoreContract, type TokenStoreContractOptions } from './store-contract.js';
