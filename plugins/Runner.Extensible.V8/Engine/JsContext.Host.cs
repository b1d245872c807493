namespace Runner.Extensible.V8.Engine;

/// <summary>
/// The link to the bootstrap (<c>Js/bootstrap.js</c>): the binding functions it calls into .NET
/// and the <c>host</c> object of helpers it hands back.
/// </summary>
internal sealed partial class JsContext
{
    private HostObject? _host;

    /// <summary>The bootstrap's helpers; available once the environment has started.</summary>
    internal HostObject Host => _host ?? throw new InvalidOperationException("The environment has not finished starting.");

    /// <summary>Fills the linked binding's exports while the bootstrap runs.</summary>
    internal void InitializeBinding(JsValue exports)
    {
        SetProperty(exports, "ready", CreateFunction("ready", OnReady));
        SetProperty(exports, "settle", CreateFunction("settle", OnSettle));
        SetProperty(exports, "reportUnhandled", CreateFunction("reportUnhandled", OnReportUnhandled));
    }

    private JsValue OnReady(JsContext context, JsCallbackArgs args)
    {
        var host = args[0];
        _host = new HostObject(this, host);
        Environment.OnReady();
        return default;
    }

    private JsValue OnReportUnhandled(JsContext context, JsCallbackArgs args)
    {
        var kind = GetString(args[0]);
        Environment.OnUnhandledError(kind, CreateException(args[1]));
        return default;
    }

    /// <summary>Runs a script in the environment's evaluation context (Node's or the bare one).</summary>
    public JsValue RunScript(string code, string filename) =>
        Call(Host.RunScript, Host.Object, CreateString(code), CreateString(filename));

    /// <summary><c>import(specifier)</c> through Node's loader; returns the promise of the namespace.</summary>
    public JsValue ImportModule(string specifier) => Call(Host.ImportModule, Host.Object, CreateString(specifier));

    /// <summary>Node's <c>require</c>, rooted at the environment's working directory.</summary>
    public JsValue Require(string specifier) => Call(Host.Require, Host.Object, CreateString(specifier));

    /// <summary>The global object code evaluated in this environment sees.</summary>
    public JsValue EvaluationGlobal => GetProperty(Host.Object, "global");

    /// <summary>A number identifying <paramref name="value"/> (an object or function) for as long as it lives.</summary>
    public long IdentityOf(JsValue value) => (long)GetNumber(Call(Host.Identity, Host.Object, value));

    /// <summary>Repairs Node's bookkeeping after a termination unwound the stack.</summary>
    internal void ResetAfterTermination()
    {
        ClearPendingException();
        if (_host is null) return;
        try
        {
            Call(Host.ResetAfterTermination, Host.Object);
        }
        catch (Exception)
        {
            ClearPendingException();
        }
    }

    /// <summary>References to the bootstrap's host object and its functions.</summary>
    internal sealed class HostObject
    {
        private readonly JsContext _context;
        private readonly JsReference _object;
        private readonly JsReference _awaitPromise;
        private readonly JsReference _runScript;
        private readonly JsReference _importModule;
        private readonly JsReference _require;
        private readonly JsReference _resetAfterTermination;
        private readonly JsReference _identity;

        public HostObject(JsContext context, JsValue host)
        {
            _context = context;
            _object = context.CreateReference(host);
            _awaitPromise = Member(host, "awaitPromise");
            _runScript = Member(host, "runScript");
            _importModule = Member(host, "importModule");
            _require = Member(host, "require");
            _resetAfterTermination = Member(host, "resetAfterTermination");
            _identity = Member(host, "identity");
        }

        public JsValue Object => _context.GetReferenceValue(_object);

        public JsValue AwaitPromise => _context.GetReferenceValue(_awaitPromise);

        public JsValue RunScript => _context.GetReferenceValue(_runScript);

        public JsValue ImportModule => _context.GetReferenceValue(_importModule);

        public JsValue Require => _context.GetReferenceValue(_require);

        public JsValue ResetAfterTermination => _context.GetReferenceValue(_resetAfterTermination);

        public JsValue Identity => _context.GetReferenceValue(_identity);

        private JsReference Member(JsValue host, string name) => _context.CreateReference(_context.GetProperty(host, name));
    }
}
