import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

// One polite live region for the whole app: confirmations after saving, moving,
// publishing… Screen readers read it; everyone sees it as a short-lived notice.
type Announce = (message: string) => void;
const AnnouncerContext = createContext<Announce>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const [serial, setSerial] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  const announce = useCallback<Announce>((text) => {
    setMessage(text);
    setSerial((n) => n + 1);
  }, []);

  useEffect(() => {
    if (!message) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(''), 8000);
    return () => window.clearTimeout(timer.current);
  }, [message, serial]);

  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div className="toast-region" role="status" aria-live="polite" aria-atomic="true">
        {message && (
          <p className="toast" key={serial} data-testid="toast">
            <span aria-hidden="true" className="toast-icon">✓</span> {message}
          </p>
        )}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
