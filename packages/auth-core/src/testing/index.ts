export { runTokenStoreContract, type TokenStoreContractOptions } from './store-contract.js';
