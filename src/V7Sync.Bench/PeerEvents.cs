using System.Security.Cryptography;
using System.Text;
using static System.FormattableString;

namespace V7Sync.Bench;

/// <summary>
/// The peer's workload, the same shape as <see cref="BenchEvents"/>: Stripe `customer.updated` events round robin over
/// the customers, one step (a second of `created`) per round, the customer's name saying which step it is; signed
/// as stripe-node verifies them (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")`).
/// </summary>
internal static class PeerEvents
{
    public const string SignatureHeader = "Stripe-Signature";
    public const string Path = "/webhooks/stripe";

    public static string CustomerId(int customer) => $"cus_bench{customer:D7}";

    public static string Name(int customer, int step) => $"Bench customer {customer} step {step}";

    /// <summary>The n-th event of a run; <paramref name="created"/> is the run's first second (later runs start later, so they are real changes).</summary>
    public static string Event(int n, int customers, long created)
    {
        var customer = n % customers;
        var step = n / customers;
        var id = CustomerId(customer);
        return Invariant($$"""{"id":"evt_bench{{created}}_{{n}}","object":"event","api_version":"2020-08-27","created":{{created + step}},"type":"customer.updated","livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"data":{"object":{"id":"{{id}}","object":"customer","address":null,"balance":0,"created":1764547200,"currency":"usd","default_source":null,"delinquent":false,"description":"Bench customer","email":"customer{{customer}}@example.com","invoice_prefix":"BENCH{{customer}}","invoice_settings":{"custom_fields":null,"default_payment_method":null,"footer":null},"livemode":false,"metadata":{"step":"{{step}}"},"name":"{{Name(customer, step)}}","phone":null,"preferred_locales":[],"shipping":null,"tax_exempt":"none"}""") + "}}";
    }

    /// <summary>stripe-node's scheme; <paramref name="timestamp"/> must be within its 5-minute tolerance of the server's clock.</summary>
    public static string Sign(string secret, string body, long timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Invariant($"{timestamp}.{body}")));
        return Invariant($"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
