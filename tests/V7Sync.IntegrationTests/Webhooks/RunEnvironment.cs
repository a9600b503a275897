using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// The environment of a `v7sync run` that only serves: a migrated test database, no poller, no jobs, a DART nobody
/// answers for, and a management port of its own (tests run side by side; 9464 is for one app per machine).
/// </summary>
public static class RunEnvironment
{
    public const string Secret = "run-environment-secret";

    public static Dictionary<string, string> For(TestDatabase db, string urls, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Tracking"] = db.ConnectionString,
            ["Tracking__MigrateOnStart"] = "false",
            ["Dart__Token"] = "test-token",
            ["Dart__BaseUrl"] = "http://127.0.0.1:9/api/v0/public",
            ["Dart__PollEnabled"] = "false",
            ["Jobs__Enabled"] = "false",
            ["Webhooks__Secret"] = Secret,
            ["Urls"] = urls,
            ["Management__Port"] = V7Sync.Sandbox.LoopbackHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }
}
