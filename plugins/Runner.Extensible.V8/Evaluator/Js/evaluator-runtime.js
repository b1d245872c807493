// Vite's module evaluation helpers (ESModulesEvaluator, directRequest, createDefaultImportMeta,
// HMRContext's accept overloads), evaluated in the realm modules run in: Node's own context, or the
// bare one. `native` carries the .NET side: messages and, when source maps are on, mapStack.
(function (native) {
  'use strict';

  const AsyncFunction = (async function () {}).constructor;
  const defineProperty = Object.defineProperty;
  const seal = Object.seal;
  const isArray = Array.isArray;
  const NativePromise = Promise;
  const keys = [
    '__vite_ssr_exports__',
    '__vite_ssr_import_meta__',
    '__vite_ssr_import__',
    '__vite_ssr_dynamic_import__',
    '__vite_ssr_exportAll__',
    '__vite_ssr_exportName__',
  ];
  const IMPORT = 0;
  const DYNAMIC_IMPORT = 1;
  const HOT = 2;

  // Lines V8 puts before the body of `new AsyncFunction` (2), as Vite measures them.
  const paddingLines = (() => {
    const body = '/*code*/';
    const source = new AsyncFunction('a', 'b', body).toString();
    return source.slice(0, source.indexOf(body)).split('\n').length - 1;
  })();

  function isPrimitive(value) {
    return !value || (typeof value !== 'object' && typeof value !== 'function');
  }

  function exportAll(exports, sourceModule) {
    if (exports === sourceModule || isPrimitive(sourceModule) || isArray(sourceModule) || sourceModule instanceof NativePromise) return;
    for (const key in sourceModule) {
      if (key !== 'default' && key !== '__esModule' && !(key in exports)) {
        try {
          defineProperty(exports, key, { enumerable: true, configurable: true, get: () => sourceModule[key] });
        } catch {
          // Vite ignores keys it cannot define.
        }
      }
    }
  }

  function createExports() {
    const exports = Object.create(null);
    defineProperty(exports, Symbol.toStringTag, { value: 'Module', enumerable: false, configurable: false });
    return exports;
  }

  const envProxy = new Proxy({}, {
    get() {
      throw new Error(native.envMessage);
    },
  });

  function createHot(moduleHost, ownerPath) {
    const call = (...args) => moduleHost(HOT, ...args);
    const firstModule = (callback) => (modules) => callback?.(modules[0]);
    return {
      get data() {
        return call('data');
      },
      accept(deps, callback) {
        if (typeof deps === 'function' || !deps) call('accept', [ownerPath], firstModule(deps));
        else if (typeof deps === 'string') call('accept', [deps], firstModule(callback));
        else if (isArray(deps)) call('accept', deps, callback);
        else throw new Error('invalid hot.accept() usage.');
      },
      acceptExports(exportNames, callback) {
        call('acceptExports', typeof exportNames === 'string' ? [exportNames] : Array.from(exportNames ?? []), firstModule(callback));
      },
      dispose(callback) {
        call('dispose', callback);
      },
      prune(callback) {
        call('prune', callback);
      },
      decline() {
        call('decline');
      },
      invalidate(message) {
        call('invalidate', message);
      },
      on(event, callback) {
        call('on', event, callback);
      },
      off(event, callback) {
        call('off', event, callback);
      },
      send(event, data) {
        call('send', event, data === undefined ? undefined : JSON.stringify(data));
      },
    };
  }

  function createImportMeta(filename, dirname, url, additional, moduleHost, hotOwner) {
    const meta = {
      filename,
      dirname,
      url,
      env: envProxy,
      resolve(_id, _parent) {
        throw new Error(native.resolveMessage);
      },
      glob() {
        throw new Error(native.globMessage);
      },
    };
    if (additional) {
      for (const key of Object.keys(additional)) meta[key] = additional[key];
    }
    if (hotOwner !== undefined) {
      let hot;
      defineProperty(meta, 'hot', {
        enumerable: true,
        configurable: true,
        get: () => (hot ??= createHot(moduleHost, hotOwner)),
        set: (value) => {
          hot = value;
        },
      });
    }
    return meta;
  }

  // Vite's runInlinedModule: the code is the body of an async function whose parameters are the six
  // context keys; "use strict" takes one line, so the body starts paddingLines + 1 lines down.
  async function evaluate(code, exports, filename, dirname, url, additional, moduleHost, hotOwner) {
    const meta = createImportMeta(filename, dirname, url, additional, moduleHost, hotOwner);
    const fn = new AsyncFunction(...keys, '"use strict";\n' + code);
    await fn(
      exports,
      meta,
      async (id, metadata) => moduleHost(IMPORT, id, metadata),
      async (specifier) => moduleHost(DYNAMIC_IMPORT, String(specifier)),
      (module) => exportAll(exports, module),
      (name, getter) => defineProperty(exports, name, { enumerable: true, configurable: true, get: getter }),
    );
    seal(exports);
  }

  if (native.mapStack) {
    const mapStack = native.mapStack;
    const NATIVE = 1, CONSTRUCTOR = 2, TOPLEVEL = 4, EVAL = 8, ASYNC = 16, PROMISE_ALL = 32;
    const describe = (site) => {
      let flags = 0;
      if (site.isNative()) flags |= NATIVE;
      if (site.isConstructor()) flags |= CONSTRUCTOR;
      if (site.isToplevel()) flags |= TOPLEVEL;
      if (site.isEval()) flags |= EVAL;
      if (site.isAsync()) flags |= ASYNC;
      if (site.isPromiseAll()) flags |= PROMISE_ALL;
      return [
        site.getFunctionName(), site.getTypeName(), site.getMethodName(),
        site.getFileName() || site.getScriptNameOrSourceURL(),
        site.getLineNumber(), site.getColumnNumber(), flags,
        site.isPromiseAll() ? site.getPromiseIndex() : null,
        site.isEval() ? site.getEvalOrigin() : null,
      ];
    };
    // Routes every stack through the runner's source-map interceptor, as Vite's prepareStackTrace does.
    Error.prepareStackTrace = function prepareStackTrace(error, callSites) {
      let header;
      try {
        header = `${(error && error.name) || 'Error'}: ${(error && error.message) || ''}`;
      } catch {
        header = 'Error: ';
      }
      try {
        const data = [];
        for (const site of callSites) data.push(...describe(site));
        return mapStack(header, data);
      } catch {
        return header + callSites.map((site) => '\n    at ' + site).join('');
      }
    };
  }

  return {
    startOffset: paddingLines + 1,
    createExports,
    evaluate,
  };
})
