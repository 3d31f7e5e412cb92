// Unit tests word messages of every page in both languages at once: the catalogs the
// console loads on first use (i18n/translate.ts) are registered up front here.
import { en } from './i18n/en';
import { addCatalog } from './i18n/translate';
import { zhTWPages } from './i18n/zh-TW.pages';

addCatalog('zh-TW', zhTWPages);
addCatalog('en', en);
