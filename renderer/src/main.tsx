import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { parseHash } from './hooks/useHashRoute';
import { AppStateProvider } from './state/app-state';
import { ToastProvider } from './state/toasts';
import './lib/grid-theme';
import './styles/app.css';

const initial = parseHash(window.location.hash);
const initialPeriod = initial.name === 'invoices' || initial.name === 'anomalies' ? initial.period : null;

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
