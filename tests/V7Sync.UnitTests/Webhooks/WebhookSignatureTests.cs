using System.Text;
using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"task.updated","data":{"model":{"id":"abcdefABCDEF"}}}""");

    [Fact]
    public void IsValid_LowercaseHexHmacOfTheRawBody_Succeeds()
    {
        var signature = new WebhookSignature(["s3cret"]);

        Assert.True(signature.IsValid(Body, WebhookSignature.Sign(Body, "s3cret")));
    }

    [Fact]
    public void Sign_MatchesRfc4231TestCase2() =>
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookSignature.Sign("what do ya want for nothing?"u8, "Jefe"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void IsValid_MissingOrWrongSignature_Fails(string? header) =>
        Assert.False(new WebhookSignature(["s3cret"]).IsValid(Body, header));

    [Fact]
    public void IsValid_UppercaseHex_Fails()
    {
        // DART sends lowercase hex; anything else is not what it signed.
        var upper = WebhookSignature.Sign(Body, "s3cret").ToUpperInvariant();

        Assert.False(new WebhookSignature(["s3cret"]).IsValid(Body, upper));
    }

    [Fact]
    public void IsValid_SignedWithAnotherSecret_Fails() =>
        Assert.False(new WebhookSignature(["s3cret"]).IsValid(Body, WebhookSignature.Sign(Body, "other")));

    [Fact]
    public void IsValid_BodyChangedAfterSigning_Fails()
    {
        var header = WebhookSignature.Sign(Body, "s3cret");
        var changed = Body.ToArray();
        changed[^2] ^= 1;

        Assert.False(new WebhookSignature(["s3cret"]).IsValid(changed, header));
    }

    [Theory]
    [InlineData("old")]
    [InlineData("new")]
    public void IsValid_DuringRotation_AcceptsEitherSecret(string signedWith) =>
        Assert.True(new WebhookSignature(["old", "new"]).IsValid(Body, WebhookSignature.Sign(Body, signedWith)));

    [Fact]
    public void IsValid_NoSecretConfigured_AcceptsEverything()
    {
        var signature = new WebhookSignature([]);

        Assert.True(signature.IsUnsigned);
        Assert.True(signature.IsValid(Body, null));
    }
}
