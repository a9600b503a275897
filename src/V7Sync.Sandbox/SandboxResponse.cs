using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace V7Sync.Sandbox;

/// <summary>Writes DART's response shapes: JSON straight into the response pipe, `{"item": …}`, list paging, DRF errors.</summary>
internal static class SandboxResponse
{
    public static Task WriteItem(HttpContext ctx, SandboxTask task) => WriteJson(ctx, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("item");
        w.WriteRawValue(SandboxJson.TaskBytes(task, full: true), skipInputValidation: true);
        w.WriteEndObject();
    });

    public static Task NotFound(HttpContext ctx) => Errors(ctx, StatusCodes.Status404NotFound, ["Task not found."]);

    /// <summary>DART's error bodies are Django REST Framework's: {"detail": …} or {"errors": […]}.</summary>
    public static Task Errors(HttpContext ctx, int status, IReadOnlyList<string> errors)
    {
        ctx.Response.StatusCode = status;
        return WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", errors[0]);
            SandboxJson.WriteStrings(w, "errors", errors);
            w.WriteEndObject();
        });
    }

    public static async Task WriteJson(HttpContext ctx, Action<Utf8JsonWriter> write)
    {
        ctx.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(ctx.Response.BodyWriter))
        {
            write(writer);
        }

        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>DART's list envelope head: count, then absolute next/previous links (null at either end).</summary>
    public static void WritePaging(Utf8JsonWriter w, HttpContext ctx, int count, int offset, int limit)
    {
        w.WriteNumber("count", count);
        SandboxJson.WriteNullableString(w, "next", offset + limit < count ? PageUrl(ctx, offset + limit, limit) : null);
        SandboxJson.WriteNullableString(w, "previous", offset > 0 ? PageUrl(ctx, Math.Max(0, offset - limit), limit) : null);
    }

    /// <summary>An absolute URL to another page: the same query with limit and offset replaced, as DRF builds `next`.</summary>
    private static string PageUrl(HttpContext ctx, int offset, int limit)
    {
        var request = ctx.Request;
        var url = new StringBuilder(128)
            .Append(request.Scheme).Append("://").Append(request.Host.Value).Append(request.PathBase.Value).Append(request.Path.Value)
            .Append('?');
        foreach (var (key, values) in request.Query)
        {
            if (key is "limit" or "offset")
            {
                continue;
            }

            foreach (var value in values)
            {
                url.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? "")).Append('&');
            }
        }

        url.Append("limit=").Append(limit.ToString(CultureInfo.InvariantCulture));
        if (offset > 0)
        {
            url.Append("&offset=").Append(offset.ToString(CultureInfo.InvariantCulture));
        }

        return url.ToString();
    }
}
