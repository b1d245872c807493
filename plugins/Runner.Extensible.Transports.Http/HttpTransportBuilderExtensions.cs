using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runner.Extensible.Transports;
using Runner.Extensible.Transports.Http;

namespace Runner.Extensible;

/// <summary>
/// <c>UseHttp(…)</c>: connects the runner to the Vite plugin's HTTP endpoints (calls by POST, server pushes as
/// server-sent events). Fills the runner's transport slot (a later <c>Use*</c> transport call replaces it). Settings live
/// in the runner's named <see cref="HttpTransportOptions"/>, validated when the runner is created.
/// </summary>
public static class HttpTransportBuilderExtensions
{
    /// <summary>The transport's name in the runner's slot and in messages.</summary>
    public const string DisplayName = "HTTP";

    /// <summary>
    /// Uses the HTTP transport with the runner's named <see cref="HttpTransportOptions"/> as configured elsewhere (for
    /// example bound from configuration); with nothing configured, it reads the connection file of the default
    /// environment under the current directory.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    public static IModuleRunnerBuilder UseHttp(this IModuleRunnerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpTransportOptions>, HttpTransportOptionsValidator>());
        var name = builder.Name;
        return builder.UseTransport(DisplayName, services =>
            HttpTransport.Create(services.GetRequiredService<IOptionsMonitor<HttpTransportOptions>>().Get(name), services));
    }

    /// <summary>Uses the HTTP transport, configuring its options.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="configure">Changes the options (applied after earlier configuration of this runner's options).</param>
    /// <example><code>builder.UseHttp(o => { o.ConnectionFile = "app/node_modules/.runner-extensible/dotnet.json"; o.InvokeTimeout = TimeSpan.FromSeconds(30); });</code></example>
    public static IModuleRunnerBuilder UseHttp(this IModuleRunnerBuilder builder, Action<HttpTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder.UseHttp();
    }

    /// <summary>Uses the HTTP transport with the plugin's HTTP base URL and the server's token.</summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="baseUrl">The plugin's HTTP base, for example <c>http://127.0.0.1:5173/@runner-extensible/http</c>.</param>
    /// <param name="token">The <c>token</c> of the server's connection file.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute <c>http://</c>/<c>https://</c> URL, or the token is empty.</exception>
    public static IModuleRunnerBuilder UseHttp(this IModuleRunnerBuilder builder, string baseUrl, string token)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
            throw new ArgumentException($"\"{baseUrl}\" is not an absolute URL; expected something like http://127.0.0.1:5173/@runner-extensible/http.", nameof(baseUrl));
        // Checked now rather than at start-up: the caller is right here.
        var failures = HttpTransportOptionsValidator.Failures(new HttpTransportOptions { BaseUrl = uri, Token = token }).ToList();
        if (failures.Count > 0) throw new ArgumentException(string.Join(" ", failures));
        return builder.UseHttp(o =>
        {
            o.BaseUrl = uri;
            o.Token = token;
            o.ConnectionFile = null;
        });
    }

    /// <summary>
    /// Uses the HTTP transport with the base URL and token from the Vite plugin's connection file, read again on every
    /// reconnect.
    /// </summary>
    /// <param name="builder">The runner builder.</param>
    /// <param name="path">The file, usually <c>&lt;vite root&gt;/node_modules/.runner-extensible/dotnet.json</c>.</param>
    public static IModuleRunnerBuilder UseHttpFromConnectionFile(this IModuleRunnerBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return builder.UseHttp(o =>
        {
            o.ConnectionFile = full;
            o.BaseUrl = null;
            o.Token = null;
        });
    }
}
