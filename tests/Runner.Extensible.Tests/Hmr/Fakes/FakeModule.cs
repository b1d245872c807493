using Runner.Extensible.Scripting;

namespace Runner.Extensible.Tests.Hmr.Fakes;

/// <summary>An exports object the fake host returns; each import makes a new one (<c>/src/a.js#2</c> is the second).</summary>
internal sealed class FakeModule(string name) : IScriptObject
{
    public string Name { get; } = name;

    public IReadOnlyList<string> GetKeys() => [];

    public bool HasProperty(string name) => false;

    public object? GetProperty(string name) => null;

    public override string ToString() => Name;
}
