using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Grants;

public sealed class KeyVaultKeyIdTests
{
    private const string ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings";

    [Fact]
    public void A_keys_resource_id_names_its_subscription_group_vault_and_key_and_is_its_own_scope()
    {
        var id = KeyVaultKeyId.TryParse(ResourceId);

        Assert.Equal(new KeyVaultKeyId("00000000-0000-0000-0000-000000000002", "acme-keys-rg", "acme-keys", "recordings"), id);
        Assert.Equal(ResourceId, id!.ResourceId);
        Assert.NotNull(KeyVaultKeyId.TryParse(ResourceId.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("https://acme-keys.vault.azure.net/keys/recordings")]
    [InlineData(ResourceId + "/versions/0123456789abcdef0123456789abcdef")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys")]
    [InlineData("/subscriptions/acme/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/vaults/acme-keys/keys/recordings")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/acme-keys-rg/providers/Microsoft.KeyVault/managedHSMs/acme-keys/keys/recordings")]
    public void Anything_but_a_keys_resource_id_is_none(string value) => Assert.Null(KeyVaultKeyId.TryParse(value));

    [Theory]
    [InlineData(ResourceId)]
    [InlineData("https://acme-keys.vault.azure.net/keys/recordings")]
    [InlineData("https://acme-keys.vault.azure.cn/keys/recordings/0123456789abcdef0123456789abcdef")]
    [InlineData("https://acme-keys.vault.usgovcloudapi.net/keys/recordings/")]
    public void A_resource_id_and_a_uri_of_the_same_key_name_the_same_vault_and_key(string value) =>
        Assert.Equal(("acme-keys", "recordings"), KeyVaultKeyId.VaultAndKey(value));

    [Theory]
    [InlineData("https://acme-keys.vault.azure.net/keys/recordings", "https://vault.azure.net/.default")]
    [InlineData("https://acme-keys.vault.azure.cn/keys/recordings/0123456789abcdef0123456789abcdef", "https://vault.azure.cn/.default")]
    [InlineData("https://acme-keys.vault.usgovcloudapi.net/keys/recordings", "https://vault.usgovcloudapi.net/.default")]
    [InlineData("https://acme-keys.vault.azure.net.example.com/keys/recordings", null)]
    [InlineData("https://acme-keys.notvault.azure.net/keys/recordings", null)]
    [InlineData("http://acme-keys.vault.azure.net/keys/recordings", null)]
    [InlineData("https://acme-keys.managedhsm.azure.net/keys/recordings", null)]
    public void A_keys_uri_takes_its_own_clouds_vault_token_and_nothing_else_takes_any(string keyUri, string? scope)
    {
        Assert.Equal(scope, KeyVaultKeyId.VaultScope(keyUri));
        Assert.Equal(scope is not null, KeyVaultKeyId.IsVaultKeyUri(keyUri));
    }

    [Fact]
    public void Another_form_names_no_vault_or_key() => Assert.Null(KeyVaultKeyId.VaultAndKey("acme-keys/recordings"));
}
