// Unit tests word messages in both languages at once: English is registered up front here,
// as the console does when a visitor chooses it (i18n/translate.ts, loadCatalog).
import { en } from './i18n/en';
import { addCatalog } from './i18n/translate';

addCatalog('en', en);
