import { greet } from './greet';

const engine = typeof process === 'object' ? `Node ${process.versions.node} (V8 ${process.versions.v8})` : 'V8';

console.log(greet({ name: 'Vite in .NET', excited: true }));
console.log(`This module was transformed by Vite and evaluated in ${engine}, embedded in a .NET process.`);
