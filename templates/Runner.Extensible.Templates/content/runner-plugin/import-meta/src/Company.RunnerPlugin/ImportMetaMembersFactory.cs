using System.Collections.ObjectModel;
using Runner.Extensible.Evaluation;
using Runner.Extensible.ImportMeta;

namespace Company.RunnerPlugin;

/// <summary>
/// Describes <c>import.meta</c> as Vite's default does (<c>url</c>, <c>filename</c>, <c>dirname</c>; the runner adds
/// <c>hot</c>) and adds the configured members. The members are copied when the factory is created, so a module
/// sees the same members however the options change later, and the factory is safe to call from any thread.
/// </summary>
internal sealed class ImportMetaMembersFactory : IImportMetaFactory
{
    private readonly IReadOnlyDictionary<string, object?> _members;

    public ImportMetaMembersFactory(ImportMetaMembersOptions options)
    {
        options.ThrowIfInvalid();
        _members = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>(options.Members, StringComparer.Ordinal));
    }

    public ImportMetaDescriptor Create(string modulePath, IEvaluatedModule module)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        return new ImportMetaDescriptor
        {
            Url = FileUrl.FromPath(modulePath),
            Filename = modulePath,
            Dirname = FileUrl.Dirname(modulePath),
            AdditionalProperties = _members,
        };
    }
}
