using System.Reflection;
using System.Reflection.Emit;

namespace ReviewCadence.Tests.Architecture;

/// <summary>
/// Every type a compiled type uses: its base type and interfaces, attributes, fields, properties, events, method
/// signatures and locals, and every type, method or field named in its method bodies' IL (calls, <c>new</c>, casts,
/// <c>typeof</c>, field reads). Read from the assembly, compiler-made types (lambdas' closures, async state machines)
/// included, so a reference counts however the source spells it (a <c>using</c>, a qualified name, <c>var</c>).
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Each type of <paramref name="assembly"/> with a type it uses and where (for the failure message).</summary>
    public static IEnumerable<(Type From, Type To, string Where)> Of(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            foreach (var (used, where) in Uses(type))
            {
                foreach (var named in Expand(used))
                {
                    yield return (type, named, where);
                }
            }
        }
    }

    private static IEnumerable<(Type Used, string Where)> Uses(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return (baseType, "base type");
        }
        foreach (var implemented in type.GetInterfaces())
        {
            yield return (implemented, "interface");
        }
        foreach (var attribute in Attributes(type.CustomAttributes))
        {
            yield return (attribute, "attribute");
        }
        foreach (var field in type.GetFields(Declared))
        {
            yield return (field.FieldType, $"field {field.Name}");
        }
        foreach (var property in type.GetProperties(Declared))
        {
            yield return (property.PropertyType, $"property {property.Name}");
        }
        foreach (var @event in type.GetEvents(Declared))
        {
            yield return (@event.EventHandlerType!, $"event {@event.Name}");
        }
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            foreach (var use in Uses(type, method))
            {
                yield return (use, $"{method.Name}");
            }
        }
    }

    private static IEnumerable<Type> Uses(Type type, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            yield return info.ReturnType;
        }
        foreach (var parameter in method.GetParameters())
        {
            yield return parameter.ParameterType;
        }
        foreach (var attribute in Attributes(method.CustomAttributes))
        {
            yield return attribute;
        }
        if (method.GetMethodBody() is not { } body)
        {
            yield break;
        }
        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }
        foreach (var clause in body.ExceptionHandlingClauses)
        {
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
            {
                yield return clause.CatchType!;
            }
        }
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in Tokens(body.GetILAsByteArray() ?? []))
        {
            switch (method.Module.ResolveMember(token, typeArguments, methodArguments))
            {
                case Type named:
                    yield return named;
                    break;
                case MethodBase called:
                    yield return called.DeclaringType!;
                    if (called.IsGenericMethod)
                    {
                        foreach (var argument in called.GetGenericArguments())
                        {
                            yield return argument;
                        }
                    }
                    break;
                case FieldInfo field:
                    yield return field.DeclaringType!;
                    yield return field.FieldType;
                    break;
            }
        }
    }

    private static IEnumerable<Type> Attributes(IEnumerable<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            yield return attribute.AttributeType;
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(a => a.TypedValue)))
            {
                if (argument.Value is Type named)
                {
                    yield return named;
                }
            }
        }
    }

    /// <summary>The type itself and every type it is made of (array elements, generic arguments, by-ref targets).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Expand(type.GetElementType()!))
            {
                yield return inner;
            }
            yield break;
        }
        if (type.IsGenericParameter)
        {
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsConstructedGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }

    /// <summary>The metadata tokens (types, methods, fields) named by a method body's IL, walked opcode by opcode.</summary>
    private static List<int> Tokens(byte[] il)
    {
        var tokens = new List<int>();
        var at = 0;
        while (at < il.Length)
        {
            short code = il[at++];
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il[at++]));
            }
            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    tokens.Add(BitConverter.ToInt32(il, at));
                    at += 4;
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    at += 4;
                    break;
            }
        }
        return tokens;
    }
}
