import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PopupApp } from '@/components/popup/PopupApp.tsx';
import { positionParam } from '@/components/popup/model.ts';
import { extensionSource } from './source.ts';
import '@/components/popup/popup.css';

// Opened in a tab (a notification click, "Tab ↗"): the same view, centred and wider.
const params = new URLSearchParams(location.search);
const asPage = params.has('position') || params.get('view') === 'page' || location.hash.includes('position=');
if (asPage) document.documentElement.classList.add('page');
const source = extensionSource();
if (asPage) delete source.pageUrl;

/** Marks the first paint with data, for the benchmark (tests/bench/popup.ts) and the e2e. */
function markFirstData() {
  if (performance.getEntriesByName('lg:data-painted').length > 0) return;
  // rAF runs just before the frame is painted; the task after it runs once it is.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (performance.getEntriesByName('lg:data-painted').length === 0) performance.mark('lg:data-painted');
    }, 0),
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PopupApp source={source} initialPositionKey={positionParam(location)} onFirstData={markFirstData} />
  </StrictMode>,
);
