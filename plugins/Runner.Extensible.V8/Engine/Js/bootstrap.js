'use strict';
// Node's embedder entry point for one environment. `process` and Node's internal `require` are in
// scope. It wires the environment to .NET through the linked binding, then returns; the event
// loop keeps running until .NET stops it. Placeholders (__NAME__) are JSON values from .NET.
const binding = process._linkedBinding(__BINDING_NAME__);
const vm = require('vm');
const { createRequire } = require('module');
const { clearAsyncIdStack } = require('internal/async_hooks');

const exposeNodeApis = __EXPOSE_NODE_APIS__;
const publicRequire = createRequire(__REQUIRE_BASE__);
const dynamicImport = publicRequire(__DYNAMIC_IMPORT_HELPER__);

if (exposeNodeApis) {
  globalThis.require = publicRequire;
}

// An uncaught exception or unhandled rejection would end the environment (Node 18's default);
// report it to .NET instead.
process.on('uncaughtException', (error, origin) => {
  binding.reportUnhandled(origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException', error);
});
process.on('unhandledRejection', (reason) => binding.reportUnhandled('unhandledRejection', reason));

// process.exit() terminates only the running JavaScript (the native exit handler); undo the
// bookkeeping it did so a later exit behaves the same way.
const reallyExit = process.reallyExit;
process.reallyExit = function (code) {
  process._exiting = false;
  return reallyExit.call(process, code);
};

// Web-platform globals offered to code in the bare context; Node's own APIs are not.
const webGlobals = [
  'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask',
  'structuredClone', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController',
  'AbortSignal', 'Event', 'EventTarget', 'atob', 'btoa', 'performance', 'fetch', 'Headers',
  'Request', 'Response', 'FormData', 'Blob', 'MessageChannel', 'MessagePort', 'MessageEvent',
  'BroadcastChannel', 'DOMException', 'crypto',
];
let bareContext;
function getBareContext() {
  if (bareContext === undefined) {
    const sandbox = {};
    for (const name of webGlobals) {
      if (name in globalThis) sandbox[name] = globalThis[name];
    }
    bareContext = vm.createContext(sandbox, { name: 'runner bare context' });
  }
  return bareContext;
}

// Stable numbers for object identity, so .NET handles of one object compare equal.
const identities = new WeakMap();
let lastIdentity = 0;

const host = {
  exposeNodeApis,
  require: publicRequire,
  importModule: (specifier) => dynamicImport(specifier),
  runScript(code, filename) {
    const options = { filename, importModuleDynamically: undefined };
    return exposeNodeApis ? vm.runInThisContext(code, options) : vm.runInContext(code, getBareContext(), options);
  },
  get global() {
    return exposeNodeApis ? globalThis : vm.runInContext('globalThis', getBareContext());
  },
  awaitPromise(promise, id) {
    promise.then((value) => binding.settle(id, true, value), (error) => binding.settle(id, false, error));
  },
  identity(value) {
    let id = identities.get(value);
    if (id === undefined) {
      id = ++lastIdentity;
      identities.set(value, id);
    }
    return id;
  },
  resetAfterTermination() {
    // Termination skips the emitAfter() of the callback it interrupted.
    clearAsyncIdStack();
    process._exiting = false;
  },
};

binding.ready(host);
