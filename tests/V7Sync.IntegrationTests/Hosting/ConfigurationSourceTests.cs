using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using V7Sync.Hosting;

namespace V7Sync.IntegrationTests.Hosting;

/// <summary>
/// The root appsettings.json is copied next to the binary and is the app's configuration whatever the working
/// directory: `dotnet run --project src/V7Sync` starts in the project folder, a service manager anywhere.
/// </summary>
public sealed class ConfigurationSourceTests : IDisposable
{
    private readonly string _emptyContentRoot = Directory.CreateTempSubdirectory("v7sync-content-root-").FullName;

    [Fact]
    public void The_Appsettings_Beside_The_Binary_Are_Read_From_Any_Content_Root()
    {
        // Arrange: a content root with no appsettings.json of its own.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _emptyContentRoot, Args = [] });

        // Act
        builder.AddHosting();

        // Assert: values that exist only in the root appsettings.json, not as options defaults.
        Assert.Equal("None", builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"]);
        Assert.Equal("None", builder.Configuration["Logging:LogLevel:Polly"]); // the DART client's episodes replace Polly's per-retry lines
        Assert.Equal("Done", builder.Configuration.GetSection("Dart:StatusMap").GetChildren().Select(c => c.Key).Single(k => k == "Done"));
    }

    [Fact]
    public void The_Environment_Still_Wins_Over_The_Appsettings_Beside_The_Binary()
    {
        // Arrange
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _emptyContentRoot, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Polly"] = "Debug" });

        // Act
        builder.AddHosting();

        // Assert
        Assert.Equal("Debug", builder.Configuration["Logging:LogLevel:Polly"]);
    }

    public void Dispose() => Directory.Delete(_emptyContentRoot, recursive: true);
}
