using System.Reflection;
using System.Reflection.Emit;

namespace Runner.Extensible.Conformance.Tests.Registration;

/// <summary>
/// Emits plugin classes exported with <see cref="ModuleRunnerPluginAttribute"/>, each in a dynamic assembly of its
/// own, so that discovery (which searches whole assemblies) finds exactly the plugins a test means. The behaviour
/// lives in a non-exported base class of this assembly; the attribute is not inherited, so this assembly exports
/// no plugin itself.
/// </summary>
public static class ExportedPlugins
{
    private static int _count;

    /// <summary>Emits one assembly exporting a subclass of each base type under the given name and kind.</summary>
    public static Type[] Emit(params (Type BaseType, string Name, string Kind)[] plugins)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"ConformanceExportedPlugins{Interlocked.Increment(ref _count)}"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("plugins");
        var attributeConstructor = typeof(ModuleRunnerPluginAttribute).GetConstructor([typeof(string)])!;
        var kindProperty = typeof(ModuleRunnerPluginAttribute).GetProperty(nameof(ModuleRunnerPluginAttribute.Kind))!;
        return plugins.Select((plugin, index) =>
        {
            var type = module.DefineType($"Exported{index}{plugin.BaseType.Name}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, plugin.BaseType);
            type.SetCustomAttribute(new CustomAttributeBuilder(attributeConstructor, [plugin.Name], [kindProperty], [plugin.Kind]));
            var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, Type.EmptyTypes);
            var il = constructor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, plugin.BaseType.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!);
            il.Emit(OpCodes.Ret);
            return type.CreateType();
        }).ToArray();
    }
}
