import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { isPeriodRoute, parseHash } from './hooks/useHashRoute';
import { applyTheme, storedTheme } from './lib/theme';
import { AppStateProvider } from './state/app-state';
import { ToastProvider } from './state/toasts';
import './lib/grid-theme';
import './styles/app.css';

const initial = parseHash(window.location.hash);
const initialPeriod = isPeriodRoute(initial) ? initial.period : null;
// Before the first paint, so a dark-mode user never sees a white flash.
applyTheme(storedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ToastProvider>
      <AppStateProvider initialPeriod={initialPeriod}>
        <App />
      </AppStateProvider>
    </ToastProvider>
  </StrictMode>,
);
