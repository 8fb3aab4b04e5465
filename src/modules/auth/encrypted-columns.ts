/**
 * The identity capability's encrypted columns, declared once so that key rotation re-encrypts
 * them (and a version is never retired while one of them still uses it). Staff emails and names
 * are under the tenant's `staff_pii` key, TOTP secrets under `auth_secrets`; each is bound to its
 * user id.
 */
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';

declareEncryptedColumn({
  table: 'user_accounts',
  column: 'email_enc',
  purpose: 'staff_pii',
  rowIdColumn: 'user_id',
});
declareEncryptedColumn({
  table: 'user_accounts',
  column: 'name_enc',
  purpose: 'staff_pii',
  rowIdColumn: 'user_id',
});
declareEncryptedColumn({
  table: 'totp_secrets',
  column: 'secret_enc',
  purpose: 'auth_secrets',
  rowIdColumn: 'user_id',
});
