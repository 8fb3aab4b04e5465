/**
 * Search by name for an item without a barcode label: type a few letters, move through the
 * matches with the arrow keys, Enter adds the highlighted one (an ARIA combobox; F3 comes here).
 */
import { forwardRef, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchItems, type CatalogItem } from '../api/catalog.api';
import { formatRupees } from '../format/money';

export interface ItemSearchProps {
  onPick: (item: CatalogItem) => void;
}

export const ItemSearch = forwardRef<HTMLInputElement, ItemSearchProps>(function ItemSearch({ onPick }, ref) {
  const { t } = useTranslation();
  const listId = useId();
  const [text, setText] = useState('');
  const [found, setFound] = useState<CatalogItem[]>([]);
  const [active, setActive] = useState(0);
  const [answered, setAnswered] = useState('');
  const query = text.trim();

  useEffect(() => {
    if (query.length < 2) {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchItems(query, 12, controller.signal).then(
        (items) => {
          setFound(items);
          setActive(0);
          setAnswered(query);
        },
        () => setFound([]),
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const pick = (item: CatalogItem | undefined) => {
    if (item === undefined) return;
    onPick(item);
    setText('');
    setFound([]);
  };
  const open = found.length > 0;

  return (
    <div className="item-search">
      <label htmlFor="item-search">{t('counter.searchLabel')}</label>
      <input
        id="item-search"
        ref={ref}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${String(active)}` : undefined}
        autoComplete="off"
        value={text}
        maxLength={60}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && open) {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, found.length - 1));
          } else if (e.key === 'ArrowUp' && open) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(found[active]);
          } else if (e.key === 'Escape') {
            setText('');
            setFound([]);
          }
        }}
      />
      <ul
        id={listId}
        role="listbox"
        className="search-results"
        hidden={!open}
        aria-label={t('counter.matches')}
      >
        {found.map((item, i) => (
          <li
            key={item.id}
            id={`${listId}-${String(i)}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(item);
            }}
          >
            <span>{item.name}</span>
            <span className="num">{formatRupees(item.pricePaise)}</span>
          </li>
        ))}
      </ul>
      {answered === query && query.length >= 2 && !open && (
        <p className="hint" role="status">
          {t('counter.noMatches')}
        </p>
      )}
    </div>
  );
});
