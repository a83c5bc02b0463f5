import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The global base and the shared components first, so each feature's own stylesheet (imported by the feature) comes after.
import './styles/base.css';
import './ui/components.css';
import './ui/forms.css';
import { App } from './App';
import { needsDoorSecret } from './api/client';
import { DoorLocked } from './DoorLocked';
import { RecoveryGate } from './features/recovery/Recovery';
import './styles/print.css';

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
