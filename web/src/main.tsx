/** The entry point: translations first, then the app into #root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { setupI18n } from './i18n/i18n';
import { registerAppShell } from './offline/app-shell';
import './styles.css';

registerAppShell();
const root = document.getElementById('root');
if (root !== null)
  void setupI18n().then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
