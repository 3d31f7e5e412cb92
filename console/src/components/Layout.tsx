import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { paths } from '../api/domain';
import { useSession } from '../api/session';
import { useI18n } from '../i18n';
import { buildNav, pathForUnitSwitch } from '../nav';
import logo from '../assets/favicon.svg';
import { useAnnounce } from './Announcer';
import { markNavigated } from './Page';

export function Layout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const announce = useAnnounce();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const fullPath = search ? `${location}?${search}` : location;
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    markNavigated();
    setMenuOpen(false);
  }, [fullPath]);

  const items = buildNav(session.me, session.current, session.permissions);
  const signOut = async () => {
    await session.signOut();
    navigate(paths.directory);
    announce(t('nav.signedOut'));
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link href={session.me ? paths.overview : paths.directory} className="brand">
            <img src={logo} alt="" width="32" height="32" />
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-sub">{t('app.console')}</span>
            </span>
          </Link>
          <div className="header-tools">
            <button
              type="button"
              className="header-button"
              lang={locale === 'zh-TW' ? 'en' : 'zh-TW'}
              aria-label={t('nav.languageLabel')}
              onClick={() => setLocale(locale === 'zh-TW' ? 'en' : 'zh-TW')}
              data-testid="language"
            >
              {t('nav.language')}
            </button>
            {session.me ? (
              <>
                <span className="user-name" data-testid="user-name">
                  {t('nav.signedInAs', { name: session.me.displayName, login: session.me.login })}
                </span>
                <button type="button" className="header-button header-signout" onClick={() => void signOut()}>
                  {t('nav.signOut')}
                </button>
              </>
            ) : (
              session.status === 'ready' &&
              !location.startsWith('/login') && (
                <Link href={paths.signIn(fullPath === '/' ? undefined : fullPath)} className="header-button">
                  {t('nav.signIn')}
                </Link>
              )
            )}
            {items.length > 1 && (
            <button
              type="button"
              className="header-button menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="site-nav"
              onClick={() => setMenuOpen((o) => !o)}
            >
              {t('nav.menu')}
            </button>
            )}
          </div>
        </div>
        <nav id="site-nav" className={`site-nav ${menuOpen ? 'open' : ''}`} aria-label={t('nav.main')}>
          <div className="nav-inner">
            <ul className="nav-list">
              {items.map((item) => {
                const active = item.active(fullPath);
                return (
                  <li key={item.id}>
                    <Link href={item.href} className={`nav-link ${active ? 'active' : ''}`} aria-current={active ? 'page' : undefined}>
                      {t(item.label)}
                    </Link>
                  </li>
                );
              })}
              {session.me && (
                <li className="nav-signout">
                  <button type="button" className="nav-link" onClick={() => void signOut()}>
                    {t('nav.signOut')}（{session.me.login}）
                  </button>
                </li>
              )}
            </ul>
            {session.units.length > 1 && session.current && (
              <div className="unit-switcher">
                <label htmlFor="unit-switcher">{t('nav.unit')}</label>
                <select
                  id="unit-switcher"
                  value={session.current.unit.id}
                  onChange={(e) => {
                    const next = session.units.find((u) => u.unit.id === e.target.value);
                    if (!next) return;
                    const target = pathForUnitSwitch(fullPath, session.current?.unit.code, next.unit.code);
                    session.setCurrentUnit(next.unit.id);
                    navigate(target);
                  }}
                >
                  {session.units.map((u) => (
                    <option key={u.unit.id} value={u.unit.id}>
                      {u.unit.name}（{u.roles.map((r) => t(`role.${r}`)).join('、')}）
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="container">{children}</div>
      </main>
      <footer className="site-footer">
        <div className="container">{t('app.footer')}</div>
      </footer>
    </div>
  );
}
