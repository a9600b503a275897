using System.Text;
using V7Sync.Webhooks;
using DartSigner = V7Sync.Sandbox.WebhookSignature;

namespace V7Sync.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"task.updated","data":{"model":{"id":"abcdefABCDEF"}}}""");

    [Fact]
    public void IsValid_LowercaseHexHmacOfTheRawBody_Succeeds()
    {
        var signature = new WebhookSignature(["s3cret"]);

        Assert.True(signature.IsValid(Body, DartSigner.Compute("s3cret", Body)));
    }

    [Fact]
    public void The_Signer_Matches_Rfc4231_Test_Case_2() =>
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            DartSigner.Compute("Jefe", "what do ya want for nothing?"u8));

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
        var upper = DartSigner.Compute("s3cret", Body).ToUpperInvariant();

        Assert.False(new WebhookSignature(["s3cret"]).IsValid(Body, upper));
    }

    [Fact]
    public void IsValid_SignedWithAnotherSecret_Fails() =>
        Assert.False(new WebhookSignature(["s3cret"]).IsValid(Body, DartSigner.Compute("other", Body)));

    [Fact]
    public void IsValid_BodyChangedAfterSigning_Fails()
    {
        var header = DartSigner.Compute("s3cret", Body);
        var changed = Body.ToArray();
        changed[^2] ^= 1;

        Assert.False(new WebhookSignature(["s3cret"]).IsValid(changed, header));
    }

    [Theory]
    [InlineData("old")]
    [InlineData("new")]
    public void IsValid_DuringRotation_AcceptsEitherSecret(string signedWith) =>
        Assert.True(new WebhookSignature(["old", "new"]).IsValid(Body, DartSigner.Compute(signedWith, Body)));

    [Fact]
    public void IsValid_NoSecretConfigured_AcceptsEverything()
    {
        var signature = new WebhookSignature([]);

        Assert.True(signature.IsUnsigned);
        Assert.True(signature.IsValid(Body, null));
    }
}
