import { hydrate } from 'preact';
import { App } from './App';
import type { PageProps } from './props';

declare global {
  interface Window {
    __SSR_PROPS__: PageProps;
  }
}

hydrate(<App {...window.__SSR_PROPS__} />, document.getElementById('app')!);
// Lets tests (and curious readers) see that the page is live.
document.documentElement.dataset.hydrated = 'true';
