// Accounts after import (contract/accounts.ts): list, update, merge, delete.
export { accountItem, listAccounts } from './list.ts';
export { updateAccount } from './update.ts';
export { mergeAccounts } from './merge.ts';
export { deleteAccount } from './delete.ts';
