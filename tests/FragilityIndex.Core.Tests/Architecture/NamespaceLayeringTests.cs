using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FragilityIndex.Tests.Architecture;

/// <summary>
/// Data flows one way through FragilityIndex.Core: each namespace uses only the namespaces below it in
/// <see cref="Layers"/>. Checked on the sources with the compiler itself (Roslyn's semantic model): every name a file
/// uses is bound, and a type, or a member of a type, declared in another namespace is a dependency on it.
/// </summary>
public sealed class NamespaceLayeringTests
{
    // Lowest first. A namespace may use its own types and those of the namespaces before it, never one after it.
    private static readonly string[] Layers =
    [
        "FragilityIndex.Diagnostics", // the library's one exception
        "FragilityIndex.Geography", // coordinate systems, reprojection
        "FragilityIndex.Definition", // the definition file, as data, and its vocabulary (levels)
        "FragilityIndex.Definition.Plan", // the definition checked and compiled
        "FragilityIndex.Ingestion", // files read into tables
        "FragilityIndex.Territory", // the units, and the tables joined onto them as indicator columns
        "FragilityIndex.Synthesis", // synthetic inputs, for the sample and the benchmarks
        "FragilityIndex.Scoring", // indicator columns normalised and aggregated
        "FragilityIndex.Export", // the scores written
        "FragilityIndex.Export.Maps",
        "FragilityIndex.Export.Report",
        "FragilityIndex.Orchestration", // a whole run: read, score, write
        "FragilityIndex", // the library's entry point
    ];

    private static readonly CSharpParseOptions Latest = new(LanguageVersion.Latest);

    private static readonly Lazy<IReadOnlyList<Dependency>> Dependencies = new(ReadDependencies);

    [Fact]
    public void EveryNamespaceOfTheLibrary_HasItsPlaceInTheLayers()
    {
        var declared = Dependencies.Value.Select(d => d.From).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Empty(declared.Except(Layers));
        Assert.True(declared.Length >= 10, $"only {declared.Length} namespaces were read: is the source folder the library's?");
    }

    [Fact]
    public void NoNamespace_UsesOneAboveIt()
    {
        var upward = Dependencies.Value
            .Where(d => Array.IndexOf(Layers, d.To) > Array.IndexOf(Layers, d.From))
            .GroupBy(d => $"{d.From} -> {d.To}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.Select(d => $"{d.Where} {d.Name}").Distinct().Order(StringComparer.Ordinal).Take(4)))
            .ToArray();
        Assert.True(upward.Length == 0, "namespaces used against the flow:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void TheCheck_SeesADependencyAgainstTheFlow()
    {
        // The check itself, on a two-file library where the lower namespace uses the upper one through an extension method.
        var found = DependenciesOf(
        [
            CSharpSyntaxTree.ParseText("namespace FragilityIndex.Geography; static class Low { public static int Twice(this int x) => FragilityIndex.Scoring.High.Of(x); }", Latest, "Low.cs"),
            CSharpSyntaxTree.ParseText("namespace FragilityIndex.Scoring; static class High { public static int Of(int x) => x * 2; }", Latest, "High.cs"),
        ]);
        Assert.Contains(found, d => d is { From: "FragilityIndex.Geography", To: "FragilityIndex.Scoring", Name: "High" });
    }

    private static bool LeftToSourceGenerators(Diagnostic d) => d.Id switch
    {
        "CS8795" => true, // a partial [GeneratedRegex] method without its body
        "CS0534" or "CS7036" or "CS0117" => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("JsonContext", StringComparison.Ordinal)
                                            || d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("JsonSerializerContext", StringComparison.Ordinal),
        _ => false,
    };

    private sealed record Dependency(string From, string To, string Name, string Where);

    private static List<Dependency> ReadDependencies()
    {
        var folder = Path.Combine(SharedData.RepositoryRoot, "src", "FragilityIndex.Core");
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Latest, path: Path.GetRelativePath(folder, f)))
            .ToList();
        // The SDK's implicit usings (ImplicitUsings in Directory.Build.props), which the build generates under obj/.
        trees.Add(CSharpSyntaxTree.ParseText(string.Concat(new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }
            .Select(n => $"global using {n};\n")), Latest, path: "GlobalUsings.g.cs"));
        return DependenciesOf(trees);
    }

    private static List<Dependency> DependenciesOf(IReadOnlyList<SyntaxTree> trees)
    {
        // The library's own references: the runtime, and the packages copied beside the tests.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("FragilityIndex.", StringComparison.Ordinal))
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Layering", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        // The build's source generators (System.Text.Json's context, [GeneratedRegex]) do not run here: what they would
        // have written is missing, and only that.
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !LeftToSourceGenerators(d))
            .Take(5).ToArray();
        Assert.True(errors.Length == 0, "the library's sources do not compile alone: " + string.Join("; ", errors.Select(e => e.ToString())));

        var found = new List<Dependency>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            var from = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            if (from is null) continue;
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                // A using directive or the file's own namespace name is not a use.
                if (name.Ancestors().Any(a => a is UsingDirectiveSyntax || (a is BaseNamespaceDeclarationSyntax n && n.Name.Span.Contains(name.Span))))
                    continue;
                var symbol = model.GetSymbolInfo(name).Symbol;
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                while (type?.ContainingType is not null) type = type.ContainingType;
                if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)) continue;
                var to = type.ContainingNamespace.ToDisplayString();
                if (to == from) continue;
                var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                found.Add(new Dependency(from, to, type.Name, $"{tree.FilePath}:{line}"));
            }
        }

        return found;
    }
}
