import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { paths } from '../api/domain';
import { useQuery } from '../api/useQuery';
import { MarqueeDocument } from '../gql/graphql';
import { useI18n } from '../i18n';

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
/** Scrolling speed, in CSS pixels per second: slow enough to read Chinese titles. */
const PIXELS_PER_SECOND = 70;
/** Titles listed when standing still; the rest are one link away. */
const STATIC_COUNT = 3;

/** Whether the visitor asked for less motion (follows changes of the setting). */
export function useReducedMotion(): boolean {
  const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(REDUCED_MOTION) : null;
  const [reduced, setReduced] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const update = () => setReduced(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
    // `query` is a new object each render but always the same media query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return reduced;
}

/**
 * 跑馬燈: the live MARQUEE titles on one scrolling line. Screen readers are not
 * interrupted (aria-live=off); a 暫停 button stops the motion (WCAG 2.2.2), and so do
 * hovering over it; with prefers-reduced-motion the first titles stand still as a
 * list. Nothing is shown when there is nothing live (or the feed cannot be loaded: the
 * page around it matters more).
 */
export function Marquee() {
  const { t } = useI18n();
  const labelId = useId();
  const query = useQuery(MarqueeDocument, {}, { public: true });
  const reduced = useReducedMotion();
  const [paused, setPaused] = useState(false);
  const viewportRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const items = query.data?.announcements.nodes ?? [];
  const text = items.map((i) => i.title).join('\n');

  // A constant speed whatever the length: the duration follows the distance travelled
  // (the track starts just off the right edge and ends just off the left one).
  useLayoutEffect(() => {
    const track = trackRef.current;
    const viewport = viewportRef.current;
    if (!track || !viewport || reduced) return;
    const measure = () => {
      const seconds = Math.max(8, Math.round(track.scrollWidth / PIXELS_PER_SECOND));
      track.style.animationDuration = `${seconds}s`;
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(viewport);
    return () => observer.disconnect();
  }, [text, reduced]);

  if (items.length === 0) return null;

  const shown = reduced ? items.slice(0, STATIC_COUNT) : items;
  const list = (
    <ul className="marquee-items">
      {shown.map((item) => (
        <li key={item.id} data-testid="marquee-item">
          {item.title}
        </li>
      ))}
    </ul>
  );

  return (
    <section className={`marquee ${reduced ? 'is-static' : ''} ${paused ? 'is-paused' : ''}`} aria-labelledby={labelId} data-testid="marquee">
      {/* Not a heading: the line comes before the page's <h1>. */}
      <p className="marquee-label" id={labelId}>
        <span aria-hidden="true" className="marquee-icon">
          ◆
        </span>
        {t('marquee.label')}
      </p>
      <div className="marquee-viewport" ref={viewportRef} aria-live="off">
        {reduced ? (
          list
        ) : (
          <div className="marquee-track" ref={trackRef} data-testid="marquee-track">
            {list}
          </div>
        )}
      </div>
      <div className="marquee-tools">
        {!reduced && (
          <button type="button" className="marquee-button" onClick={() => setPaused((p) => !p)} data-testid="marquee-toggle">
            <span aria-hidden="true">{paused ? '▶' : '❚❚'}</span> {paused ? t('marquee.play') : t('marquee.pause')}
          </button>
        )}
        <Link href={paths.announcements('MARQUEE')} className="marquee-more">
          {shown.length < items.length ? t('marquee.allCount', { total: items.length }) : t('marquee.all')}
        </Link>
      </div>
    </section>
  );
}
