/** The offline counter's status for screens (re-rendered when it changes). */
import { useSyncExternalStore } from 'react';
import { offlineStatus, subscribeOffline, type OfflineStatus } from './offline-counter';

export function useOfflineStatus(): OfflineStatus {
  return useSyncExternalStore(subscribeOffline, offlineStatus, offlineStatus);
}
