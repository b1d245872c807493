using System.Reflection;
using Xunit.Sdk;

namespace Runner.Extensible.Conformance.Tests.Breakages;

/// <summary>Runs one kit test method directly, as xunit would, and reports how it ended.</summary>
public static class KitTestInvoker
{
    /// <summary>The kit test method of <paramref name="suiteType"/> that checks <paramref name="guaranteeId"/>.</summary>
    public static MethodInfo TestFor(Type suiteType, string guaranteeId) =>
        suiteType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<GuaranteeAttribute>()?.Id == guaranteeId && m.GetCustomAttribute<FactAttribute>() is not null)
            .SingleOrDefault()
        ?? throw new InvalidOperationException($"{suiteType.Name} has no [Fact, Guarantee(\"{guaranteeId}\")] test.");

    /// <summary>
    /// Initializes the suite's fixture, runs the guarantee's test, disposes both, and returns the exception the test
    /// ended with (<c>null</c> when it passed).
    /// </summary>
    public static async Task<Exception?> RunAsync(object suite, string guaranteeId, TimeSpan timeout)
    {
        var method = TestFor(suite.GetType(), guaranteeId);
        var fixture = suite.GetType().GetProperty("Fixture", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(suite);
        try
        {
            if (fixture is IAsyncLifetime lifetime) await lifetime.InitializeAsync();
            var result = method.Invoke(suite, null);
            if (result is Task task) await task.WaitAsync(timeout);
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            if (suite is IAsyncDisposable disposable) await disposable.DisposeAsync();
            if (fixture is IAsyncDisposable fixtureDisposable) await fixtureDisposable.DisposeAsync();
        }
    }

    /// <summary>Whether the exception is xunit's dynamic skip (a skip is not a failure).</summary>
    public static bool IsSkip(Exception? exception) => exception is SkipException;
}
