using Npgsql;

namespace V7Sync.Analytics;

/// <summary>Reads the forecast's inputs from the views and runs the Monte Carlo for each open phase and the whole migration.</summary>
internal static class Forecaster
{
    /// <summary>Runs inside an <see cref="AnalyticsSession"/> on <paramref name="connection"/>.</summary>
    public static async Task<ForecastReport> ForecastAsync(NpgsqlConnection connection, DateTimeOffset now, ForecastSettings settings, CancellationToken cancellationToken)
    {
        var (phases, migration) = await ReadInputsAsync(connection, settings.Weeks, cancellationToken);
        return Run(phases, migration, now, settings);
    }

    /// <summary>
    /// Pure: the forecast of given inputs. Each subject draws from its own generator, seeded from the run's seed and
    /// its phase number, so one phase's dates do not depend on how many phases come before it.
    /// </summary>
    public static ForecastReport Run(IReadOnlyList<ForecastSubject> phases, ForecastSubject migration, DateTimeOffset now, ForecastSettings settings)
    {
        var seed = settings.Seed ?? Random.Shared.Next();
        SubjectForecast Forecast(ForecastSubject subject) => new(subject, MonteCarloForecast.Run(
            subject.Remaining, subject.WeeklyCompletions, settings.Trials, new Random(unchecked(seed + (subject.PhaseNumber ?? 0)))));

        return new ForecastReport(now, settings, seed, [.. phases.Select(Forecast)], Forecast(migration));
    }

    private static async Task<(IReadOnlyList<ForecastSubject> Phases, ForecastSubject Migration)> ReadInputsAsync(
        NpgsqlConnection connection, int weeks, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AnalyticsSql.ForecastInputs, connection);
        command.Parameters.AddWithValue("weeks", weeks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var phases = new List<ForecastSubject>();
        ForecastSubject? migration = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var subject = new ForecastSubject(reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<int[]>(3));
            if (subject.PhaseNumber is null)
            {
                migration = subject;
            }
            else
            {
                phases.Add(subject);
            }
        }

        return (phases, migration ?? throw new InvalidOperationException("v7_phase_forecast has no whole-migration row."));
    }
}
