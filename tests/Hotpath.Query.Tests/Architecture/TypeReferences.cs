using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Hotpath.Query.Tests.Architecture;

/// <summary>
/// Which types each type of a compiled assembly refers to, read from its metadata and IL: base type
/// and interfaces, field, method and local signatures, every type, member and method token in
/// method bodies, and catch clauses. Compiler-generated types (lambdas' closures, async state
/// machines) count as the type that declares them. A reference is written
/// <c>[Assembly]Namespace.Name</c>, with generic arguments inside <c>&lt;…&gt;</c>.
/// </summary>
internal static class TypeReferences
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Full name of each top-level type → the references made by it and the types nested in it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Of(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new NameProvider(md);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var outer = handle;
            while (md.GetTypeDefinition(outer).GetDeclaringType() is { IsNil: false } declaring)
            {
                outer = declaring;
            }
            var key = FullName(md, md.GetTypeDefinition(outer));
            if (!result.TryGetValue(key, out var refs))
            {
                result[key] = refs = new HashSet<string>(StringComparer.Ordinal);
            }
            Add(refs, names, type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Add(refs, names, md.GetInterfaceImplementation(i).Interface);
            }
            foreach (var f in type.GetFields())
            {
                refs.Add(md.GetFieldDefinition(f).DecodeSignature(names, null));
            }
            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                var signature = method.DecodeSignature(names, null);
                refs.Add(signature.ReturnType);
                refs.UnionWith(signature.ParameterTypes);
                if (method.RelativeVirtualAddress != 0)
                {
                    Body(refs, names, md, pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    private static void Body(HashSet<string> refs, NameProvider names, MetadataReader md, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            refs.UnionWith(md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null));
        }
        foreach (var region in body.ExceptionRegions)
        {
            Add(refs, names, region.CatchType);
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }
            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadInt16();
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.ReadInt64();
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    for (var t = 0; t < targets; t++)
                    {
                        il.ReadInt32();
                    }
                    break;
                case OperandType.InlineTok or OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField:
                    Add(refs, names, MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                default:
                    // InlineBrTarget, InlineI, ShortInlineR, InlineString, InlineSig: four bytes, no type.
                    il.ReadInt32();
                    break;
            }
        }
    }

    private static void Add(HashSet<string> refs, NameProvider names, EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return;
        }
        var md = names.Reader;
        switch (handle.Kind)
        {
            case HandleKind.TypeReference or HandleKind.TypeDefinition or HandleKind.TypeSpecification:
                refs.Add(names.Name(handle));
                break;
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                Add(refs, names, member.Parent);
                if (member.GetKind() == MemberReferenceKind.Field)
                {
                    refs.Add(member.DecodeFieldSignature(names, null));
                }
                else
                {
                    var signature = member.DecodeMethodSignature(names, null);
                    refs.Add(signature.ReturnType);
                    refs.UnionWith(signature.ParameterTypes);
                }
                break;
            case HandleKind.MethodSpecification:
                var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                Add(refs, names, spec.Method);
                refs.UnionWith(spec.DecodeSignature(names, null));
                break;
            case HandleKind.MethodDefinition:
                Add(refs, names, md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                Add(refs, names, md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
        }
    }

    private static string FullName(MetadataReader md, TypeDefinition type) =>
        (md.GetString(type.Namespace) is { Length: > 0 } ns ? ns + "." : "") + md.GetString(type.Name);

    /// <summary>Names types as <c>[Assembly]Namespace.Name</c>; constructed types name every part.</summary>
    private sealed class NameProvider(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        private readonly string _self = md.GetString(md.GetAssemblyDefinition().Name);

        public MetadataReader Reader { get; } = md;

        public string Name(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(Reader, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(Reader, (TypeReferenceHandle)handle, 0),
            _ => GetTypeFromSpecification(Reader, null, (TypeSpecificationHandle)handle, 0),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            var declaring = type.GetDeclaringType();
            return declaring.IsNil ? $"[{_self}]{FullName(reader, type)}" : $"{GetTypeFromDefinition(reader, declaring, 0)}/{reader.GetString(type.Name)}";
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var name = (reader.GetString(type.Namespace) is { Length: > 0 } ns ? ns + "." : "") + reader.GetString(type.Name);
            return type.ResolutionScope.Kind switch
            {
                HandleKind.TypeReference => $"{GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, 0)}/{name}",
                HandleKind.AssemblyReference => $"[{reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name)}]{name}",
                _ => $"[{_self}]{name}",
            };
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => $"fnptr({signature.ReturnType};{string.Join(",", signature.ParameterTypes)})";
        public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";
        public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
    }
}
