/** Addresses of the batch list and a batch's recall (kept apart so links do not load the screens). */
export const BATCHES_PATH = '/items/batches';
export const recallPath = (batchId: string) => `${BATCHES_PATH}/${encodeURIComponent(batchId)}/recall`;
