import { renderToString } from 'preact-render-to-string';
import { App } from './App';
import type { PageProps } from './props';

/** Called from .NET for every request: the app's HTML for these props. */
export function render(props: PageProps): string {
  return renderToString(<App {...props} />);
}
