/**
 * The names of the shop's staff and stores by id, loaded once per screen, so facts about who did
 * what read as names; an empty map until they arrive (or when the role may not read them).
 */
import { namesApi } from '../api/security.api';
import type { Names } from '../format/words';
import { useLoad } from './use-load';

const loadNames = async (): Promise<{ names: Names; people: { id: string; name: string }[] }> => {
  const { people, stores } = await namesApi.get();
  const names: Record<string, string> = {};
  for (const s of stores) names[s.id] = s.name;
  for (const p of people) names[p.id] = p.name;
  return { names, people };
};

export function useNames(): { names: Names; people: { id: string; name: string }[] } {
  const loaded = useLoad(loadNames);
  return loaded.data ?? { names: {}, people: [] };
}
