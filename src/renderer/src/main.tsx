import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { needsDoorSecret } from './api/client';
import { DoorLocked } from './DoorLocked';
import { RecoveryGate } from './features/recovery/Recovery';
import './styles.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      {needsDoorSecret() ? (
        <DoorLocked />
      ) : (
        <RecoveryGate>
          <App />
        </RecoveryGate>
      )}
    </StrictMode>,
  );
