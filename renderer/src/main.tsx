import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createQueryClient } from './data/query-client';
import { applyTheme, storedTheme } from './lib/theme';
import { AppStateProvider } from './state/app-state';
import { ToastProvider } from './state/toasts';
import './lib/grid-theme';
import './styles/index.css';

// Before the first paint, so a dark-mode user never sees a white flash.
applyTheme(storedTheme());

const queryClient = createQueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <AppStateProvider>
          <App />
        </AppStateProvider>
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
