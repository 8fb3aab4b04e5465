/** The way from items and stock to the batch list (and each batch's recall), for shops that keep batches. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLoad } from '../shell/use-load';
import { batchesApi } from './batches.api';
import { BATCHES_PATH } from './batch-paths';

const loadKeepsBatches = async () => (await batchesApi.categoryRules()).rules.some((r) => r.needsBatch);

export function BatchesLink() {
  const { t } = useTranslation();
  const keeps = useLoad(loadKeepsBatches);
  if (keeps.data !== true) return null;
  return (
    <p>
      <Link to={BATCHES_PATH}>{t('farmerRecords.batches.open')}</Link>
    </p>
  );
}
