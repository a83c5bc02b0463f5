import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { RecoveryGate } from './pages/Recovery';
import './styles.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <RecoveryGate>
        <App />
      </RecoveryGate>
    </StrictMode>,
  );
