using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Hosting;

/// <summary>
/// The product's image holds only the product. `dotnet publish src/V7Sync` ships v7sync.dll and the libraries its
/// v7sync.deps.json lists, so these read the built v7sync.dll and its deps.json, as publish does.
/// </summary>
public sealed class ProductContentsTests
{
    private static readonly string[] StandInTypeNames = ["Sandbox", "Persona", "Demo", "Bench", "PrivatePostgres", "PrivateDatabase"];

    private static readonly string[] StandInLiterals = ["initdb", "runuser", "pg_ctl", "/bench/bare"];

    [Fact]
    public void The_Product_Depends_On_No_Other_Project_Of_Ours()
    {
        // Act
        var referenced = typeof(V7SyncHost).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(RepositoryPaths.V7SyncDll, ".deps.json")));
        var projects = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(library => library.Value.GetProperty("type").GetString() == "project")
            .Select(library => library.Name.Split('/')[0]);

        // Assert: no V7Sync.* assembly is referenced, and publish would copy no project but the product itself.
        Assert.DoesNotContain(referenced, name => name.StartsWith("V7Sync", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["v7sync"], projects);
    }

    [Fact]
    public void The_Product_Holds_No_Stand_In_Demo_Benchmark_Or_PostgreSQL_Launcher()
    {
        // Arrange
        using var file = File.OpenRead(RepositoryPaths.V7SyncDll);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();

        // Act
        var types = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Select(type => $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}")
            .ToList();
        var literals = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
        {
            literals.Add(metadata.GetUserString(handle));
        }

        // Assert
        Assert.NotEmpty(literals);
        Assert.Contains("V7Sync.V7SyncHost", types);
        Assert.DoesNotContain(types, type => StandInTypeNames.Any(name => type.Contains(name, StringComparison.Ordinal)));
        Assert.DoesNotContain(literals, literal => StandInLiterals.Any(word => literal.Contains(word, StringComparison.Ordinal)));
    }
}
