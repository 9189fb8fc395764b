using System.Net;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Grants;
using static StorageRegistrar.Tests.Diagnostics.SampleAzureIds;

namespace StorageRegistrar.Tests.Diagnostics;

/// <summary>Azure Resource Manager and Graph are not emulated: their answers below are in the documented shapes, refusals included.</summary>
public sealed class AzureResourceProbeTests
{
    private const string ClientId = "0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910";
    private const string PrincipalId = "5a1d0c3e-7b2f-4e8a-9c6d-1f0e2d3c4b5a";
    private const string WriterRoleId = Subscription + "/providers/Microsoft.Authorization/roleDefinitions/9d3c8a1e-2f4b-4c6d-8e0f-1a2b3c4d5e6f";

    private static readonly ExpectedLock Compliance = new(2555, LockMode.Compliance);

    private readonly List<string> askedScopes = [];

    private AzureResourceProbe Probe(ScriptedHandler handler) => new(new HttpClient(handler), (scope, _) =>
    {
        askedScopes.Add(scope);
        return Task.FromResult("owner-token");
    });

    /// <summary>Resource Manager answering the account read, then the container read.</summary>
    private static ScriptedHandler Answering(string account, string container) =>
        new ScriptedHandler().Respond(HttpStatusCode.OK, account).Respond(HttpStatusCode.OK, container);

    /// <summary>The lock and location of <see cref="ContainerId"/>, where <see cref="Compliance"/> is declared.</summary>
    private Task<LockAndResidencyFacts> GatherLockAndLocationAsync(ScriptedHandler handler, IReadOnlyList<string>? allowedLocations) =>
        Probe(handler).GatherLockAndLocationAsync(ContainerId, Compliance, allowedLocations, TestContext.Current.CancellationToken);

    /// <summary>The grant of <see cref="ClientId"/> on <see cref="ContainerId"/>, for a storage that writes under calls/.</summary>
    private Task<AzureGrantFacts> GatherGrantAsync(ScriptedHandler handler) =>
        Probe(handler).GatherGrantAsync(ContainerId, ClientId, "calls/", TestContext.Current.CancellationToken);

    private static string AccountAnswer(string location, string? versionLevelPolicy = null) => $$"""
        { "id": "{{Account}}", "name": "strecabs9f8e7d6c", "type": "Microsoft.Storage/storageAccounts", "location": "{{location}}", "kind": "StorageV2",
          "sku": { "name": "Standard_LRS", "tier": "Standard" },
          "properties": { "minimumTlsVersion": "TLS1_2", "allowBlobPublicAccess": false, "allowSharedKeyAccess": false, "supportsHttpsTrafficOnly": true
                          {{(versionLevelPolicy is null ? "" : $", \"immutableStorageWithVersioning\": {{ \"enabled\": true, \"immutabilityPolicy\": {versionLevelPolicy} }}")}} } }
        """;

    private static string ContainerAnswer(string? policy) => $$"""
        { "id": "{{ContainerId}}", "name": "recordings", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "etag": "\"0x8DB9\"",
          "properties": { "publicAccess": "None", "leaseStatus": "Unlocked", "leaseState": "Available", "deleted": false, "remainingRetentionDays": 0,
                          "defaultEncryptionScope": "$account-encryption-key", "denyEncryptionScopeOverride": false,
                          "legalHold": { "hasLegalHold": false, "tags": [] }, "hasLegalHold": false,
                          "immutableStorageWithVersioning": { "enabled": false },
                          "hasImmutabilityPolicy": {{(policy is null ? "false" : "true")}}
                          {{(policy is null ? "" : $", \"immutabilityPolicy\": {{ \"etag\": \"\\\"8d9\\\"\", \"properties\": {policy}, \"updateHistory\": [] }}")}} } }
        """;

    /// <summary>The properties of an immutability policy as Resource Manager answers them, for a container or an account's default.</summary>
    private static string ImmutabilityPolicy(int days, string state) =>
        $$"""{ "immutabilityPeriodSinceCreationInDays": {{days}}, "state": "{{state}}", "allowProtectedAppendWrites": false }""";

    private const string Refused = """
        { "error": { "code": "AuthorizationFailed", "message": "The client 'ops@acme.example' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read' over scope '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/video-rg'." } }
        """;

    [Fact]
    public async Task A_locked_container_policy_and_the_accounts_location_are_read_with_an_arm_token()
    {
        var handler = Answering(AccountAnswer("westeurope"), ContainerAnswer(ImmutabilityPolicy(2555, "Locked")));

        var facts = await GatherLockAndLocationAsync(handler, ["westeurope"]);

        Assert.Equal(
            [$"https://management.azure.com{Account}?api-version=2023-05-01", $"https://management.azure.com{ContainerId}?api-version=2023-05-01"],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.Equal("Bearer owner-token", r.Header("Authorization")));
        Assert.All(askedScopes, s => Assert.Equal("https://management.azure.com/.default", s));
        Assert.Equal(("strecabs9f8e7d6c/recordings", "westeurope", new BucketLock(2555, Irreversible: true)), (facts.Bucket, facts.Location, facts.Lock));
        Assert.Empty(LockAndResidencyAnalyzer.Analyze(facts));
    }

    [Fact]
    public async Task An_unlocked_container_policy_where_compliance_is_declared_is_reported()
    {
        var handler = Answering(AccountAnswer("northeurope"), ContainerAnswer(ImmutabilityPolicy(2555, "Unlocked")));

        var facts = await GatherLockAndLocationAsync(handler, ["westeurope"]);

        Assert.Equal([FindingCodes.LockNotLocked, FindingCodes.ResidencyOutside], LockAndResidencyAnalyzer.Analyze(facts).Select(f => f.Code));
    }

    [Fact]
    public async Task Without_a_container_policy_the_accounts_version_level_default_is_the_lock()
    {
        var handler = Answering(AccountAnswer("westeurope", ImmutabilityPolicy(3000, "Locked")), ContainerAnswer(policy: null));

        var facts = await GatherLockAndLocationAsync(handler, allowedLocations: null);

        Assert.Equal(new BucketLock(3000, Irreversible: true, AccountDefault: true), facts.Lock);
    }

    /// <summary>A container's own policy comes before the account's default, and is mended on the container.</summary>
    [Fact]
    public async Task A_container_policy_beside_the_accounts_default_is_the_lock_and_mended_on_the_container()
    {
        var handler = Answering(AccountAnswer("westeurope", ImmutabilityPolicy(3000, "Locked")), ContainerAnswer(ImmutabilityPolicy(30, "Locked")));

        var facts = await GatherLockAndLocationAsync(handler, allowedLocations: null);

        Assert.Equal(new BucketLock(30, Irreversible: true, AccountDefault: false), facts.Lock);
        var finding = Assert.Single(LockAndResidencyAnalyzer.Analyze(facts));
        Assert.Contains("az storage container immutability-policy extend --account-name strecabs9f8e7d6c --container-name recordings --period 2555", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_accounts_default_with_fewer_days_is_mended_on_the_account()
    {
        var handler = Answering(AccountAnswer("westeurope", ImmutabilityPolicy(30, "Unlocked")), ContainerAnswer(policy: null));

        var facts = await GatherLockAndLocationAsync(handler, allowedLocations: null);

        var findings = LockAndResidencyAnalyzer.Analyze(facts);
        Assert.Equal([FindingCodes.LockWeaker, FindingCodes.LockNotLocked], findings.Select(f => f.Code));
        Assert.Contains("az storage account update --name strecabs9f8e7d6c --immutability-period 2555 --immutability-state Unlocked", findings[0].Fix, StringComparison.Ordinal);
        Assert.Contains("az storage account update --name strecabs9f8e7d6c --immutability-state Locked", findings[1].Fix, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.DoesNotContain("az storage container", f.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_container_without_any_policy_has_no_lock()
    {
        var handler = Answering(AccountAnswer("westeurope"), ContainerAnswer(policy: null));

        var facts = await GatherLockAndLocationAsync(handler, allowedLocations: null);

        Assert.Equal(FindingCodes.LockMissing, Assert.Single(LockAndResidencyAnalyzer.Analyze(facts)).Code);
    }

    [Fact]
    public async Task A_refused_read_is_not_examined_never_a_pass()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.Forbidden, Refused).Respond(HttpStatusCode.Forbidden, Refused);

        var facts = await GatherLockAndLocationAsync(handler, ["westeurope"]);

        var findings = LockAndResidencyAnalyzer.Analyze(facts);
        Assert.Equal([FindingCodes.LockUnreadable, FindingCodes.ResidencyUnreadable], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        Assert.Contains("HTTP 403 AuthorizationFailed: The client 'ops@acme.example' does not have authorization", findings[0].Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_asked_when_nothing_is_declared()
    {
        var handler = new ScriptedHandler();

        await Probe(handler).GatherLockAndLocationAsync(ContainerId, expectedLock: null, allowedLocations: null, TestContext.Current.CancellationToken);

        Assert.Empty(handler.Requests);
    }

    /// <summary>The account's blob service as Resource Manager answers it, with its soft delete (<c>deleteRetentionPolicy</c>) as given.</summary>
    private static string BlobServiceAnswer(string deleteRetentionPolicy) => $$"""
        { "id": "{{Account}}/blobServices/default", "name": "default", "type": "Microsoft.Storage/storageAccounts/blobServices",
          "sku": { "name": "Standard_LRS", "tier": "Standard" },
          "properties": { "cors": { "corsRules": [] }, "isVersioningEnabled": false, "deleteRetentionPolicy": {{deleteRetentionPolicy}},
                          "containerDeleteRetentionPolicy": { "enabled": false } } }
        """;

    [Fact]
    public async Task The_blob_services_soft_delete_is_read_with_an_arm_token_and_as_many_days_as_declared_pass()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, BlobServiceAnswer("""{ "allowPermanentDelete": false, "enabled": true, "days": 7 }"""));

        var facts = await Probe(handler).GatherSoftDeleteAsync(ContainerId, expectedDays: 7, TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal($"https://management.azure.com{Account}/blobServices/default?api-version=2023-05-01", request.Uri.AbsoluteUri);
        Assert.Equal(["https://management.azure.com/.default"], askedScopes);
        Assert.Equal(("strecabs9f8e7d6c/recordings", (int?)7), (facts.Bucket, facts.Days));
        Assert.Empty(SoftDeleteAnalyzer.Analyze(facts));
    }

    [Theory]
    [InlineData("""{ "allowPermanentDelete": false, "enabled": false }""", 0, FindingCodes.SoftDeleteOff)]
    [InlineData("""{ "allowPermanentDelete": false, "enabled": true, "days": 3 }""", 3, FindingCodes.SoftDeleteShorter)]
    public async Task Soft_delete_off_or_shorter_than_declared_is_warned_of(string policy, int days, string code)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, BlobServiceAnswer(policy));

        var facts = await Probe(handler).GatherSoftDeleteAsync(ContainerId, expectedDays: 7, TestContext.Current.CancellationToken);

        Assert.Equal(days, facts.Days);
        var finding = Assert.Single(SoftDeleteAnalyzer.Analyze(facts));
        Assert.Equal((code, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("az storage account blob-service-properties update --account-name strecabs9f8e7d6c --enable-delete-retention true --delete-retention-days 7", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, Refused, "HTTP 403 AuthorizationFailed: The client 'ops@acme.example' does not have authorization")]
    [InlineData(HttpStatusCode.OK, """{ "id": "x", "name": "default", "properties": { "cors": { "corsRules": [] } } }""", "the answer has no deleteRetentionPolicy")]
    [InlineData(HttpStatusCode.OK, """{ "properties": { "deleteRetentionPolicy": { "enabled": true } } }""", "the answer has soft delete on without its days")]
    public async Task A_blob_service_refused_or_not_saying_its_soft_delete_is_not_examined_never_a_pass(HttpStatusCode status, string body, string error)
    {
        var handler = new ScriptedHandler().Respond(status, body);

        var facts = await Probe(handler).GatherSoftDeleteAsync(ContainerId, expectedDays: 0, TestContext.Current.CancellationToken);

        Assert.Null(facts.Days);
        Assert.StartsWith(error, facts.Error, StringComparison.Ordinal);
        var finding = Assert.Single(SoftDeleteAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.SoftDeleteUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
    }

    [Fact]
    public async Task No_soft_delete_is_asked_when_none_is_declared()
    {
        var handler = new ScriptedHandler();

        var facts = await Probe(handler).GatherSoftDeleteAsync(ContainerId, expectedDays: null, TestContext.Current.CancellationToken);

        Assert.Empty(handler.Requests);
        Assert.Empty(SoftDeleteAnalyzer.Analyze(facts));
    }

    [Fact]
    public async Task Streams_assignments_at_and_above_the_container_are_read_with_their_roles_and_conditions()
    {
        var condition = AzureGrants.PathCondition("calls/", AzureGrants.WriteOnlyDataActions);
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""{ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id)/$entity", "id": "{{PrincipalId}}" }""")
            .Respond(HttpStatusCode.OK, $$"""
                { "value": [
                  { "id": "{{ContainerId}}/providers/Microsoft.Authorization/roleAssignments/1f2e3d4c-0000-4000-8000-000000000001", "type": "Microsoft.Authorization/roleAssignments", "name": "1f2e3d4c-0000-4000-8000-000000000001",
                    "properties": { "roleDefinitionId": "{{WriterRoleId}}", "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{ContainerId}}",
                                    "condition": {{System.Text.Json.JsonSerializer.Serialize(condition)}}, "conditionVersion": "2.0", "createdOn": "2026-06-01T10:00:00Z" } } ],
                  "nextLink": "https://management.azure.com{{ContainerId}}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&%24skiptoken=page2" }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "id": "{{WriterRoleId}}", "type": "Microsoft.Authorization/roleDefinitions", "name": "9d3c8a1e-2f4b-4c6d-8e0f-1a2b3c4d5e6f",
                  "properties": { "roleName": "Stream recording writer (strecabs9f8e7d6c)", "type": "CustomRole", "assignableScopes": [ "{{Subscription}}/resourceGroups/video-rg" ],
                                  "permissions": [ { "actions": [], "notActions": [], "dataActions": [ "{{AzureGrants.CreateBlob}}", "{{AzureGrants.AddToBlob}}" ], "notDataActions": [] } ] } }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "value": [
                  { "id": "{{Subscription}}/providers/Microsoft.Authorization/roleAssignments/2a3b", "name": "2a3b",
                    "properties": { "roleDefinitionId": "{{Subscription}}/providers/Microsoft.Authorization/roleDefinitions/{{AzureGrants.StorageBlobDataContributorRoleGuid}}",
                                    "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{Subscription}}", "condition": null, "conditionVersion": null } },
                  { "id": "{{Account}}/blobServices/default/containers/other/providers/Microsoft.Authorization/roleAssignments/3c4d", "name": "3c4d",
                    "properties": { "roleDefinitionId": "{{WriterRoleId}}", "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{Account}}/blobServices/default/containers/other" } } ] }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "id": "{{Subscription}}/providers/Microsoft.Authorization/roleDefinitions/{{AzureGrants.StorageBlobDataContributorRoleGuid}}",
                  "properties": { "roleName": "Storage Blob Data Contributor", "type": "BuiltInRole",
                                  "permissions": [ { "actions": [ "Microsoft.Storage/storageAccounts/blobServices/containers/read" ], "notActions": [],
                                                     "dataActions": [ "{{string.Join("\", \"", AzureGrants.BlobDataContributorDataActions)}}" ], "notDataActions": [] } ] } }
                """);

        var facts = await GatherGrantAsync(handler);

        Assert.Equal(
            [
                $"https://graph.microsoft.com/v1.0/servicePrincipals(appId='{ClientId}')?$select=id",
                $"https://management.azure.com{ContainerId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope%28%29%20and%20assignedTo%28%27{PrincipalId}%27%29",
                $"https://management.azure.com{WriterRoleId}?api-version=2022-04-01",
                $"https://management.azure.com{ContainerId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&%24skiptoken=page2",
                $"https://management.azure.com{Subscription}/providers/Microsoft.Authorization/roleDefinitions/{AzureGrants.StorageBlobDataContributorRoleGuid}?api-version=2022-04-01",
            ],
            handler.Requests.Select(r => r.Uri.OriginalString));
        Assert.Equal(["https://graph.microsoft.com/.default", .. Enumerable.Repeat("https://management.azure.com/.default", 4)], askedScopes);
        Assert.Equal(
            [
                ($"{ContainerId}/providers/Microsoft.Authorization/roleAssignments/1f2e3d4c-0000-4000-8000-000000000001", ContainerId, "Stream recording writer (strecabs9f8e7d6c)", condition),
                ($"{Subscription}/providers/Microsoft.Authorization/roleAssignments/2a3b", Subscription, "Storage Blob Data Contributor", null),
            ],
            facts.Assignments!.Select(a => (a.Id, a.Scope, a.RoleName, a.Condition)));
        Assert.Equal([[], ["Microsoft.Storage/storageAccounts/blobServices/containers/read"]], facts.Assignments!.Select(a => a.Actions));
        var findings = AzureGrantAnalyzer.Analyze(facts);
        Assert.Equal([FindingCodes.AzureRoleConditionMissing, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        Assert.Contains($"Remove the assignment at {Subscription}", findings[0].Fix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Resource Manager lists, for assignedTo, the assignments of the groups Stream's principal belongs to beside its own:
    /// one made to a group at the subscription is read as the group's and judged as Stream's.
    /// </summary>
    [Fact]
    public async Task An_assignment_made_to_a_group_streams_principal_belongs_to_is_read_as_the_groups_and_judged()
    {
        const string group = "5b6c7d8e-0000-4000-8000-00000000abcd";
        var contributorId = $"{Subscription}/providers/Microsoft.Authorization/roleDefinitions/{AzureGrants.StorageBlobDataContributorRoleGuid}";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""{ "id": "{{PrincipalId}}" }""")
            .Respond(HttpStatusCode.OK, $$"""
                { "value": [ { "id": "{{Subscription}}/providers/Microsoft.Authorization/roleAssignments/7c8d", "type": "Microsoft.Authorization/roleAssignments", "name": "7c8d",
                    "properties": { "roleDefinitionId": "{{contributorId}}", "principalId": "{{group}}", "principalType": "Group", "scope": "{{Subscription}}" } } ] }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "id": "{{contributorId}}", "properties": { "roleName": "Storage Blob Data Contributor", "type": "BuiltInRole",
                  "permissions": [ { "actions": [], "notActions": [], "dataActions": [ "{{string.Join("\", \"", AzureGrants.BlobDataContributorDataActions)}}" ], "notDataActions": [] } ] } }
                """);

        var facts = await GatherGrantAsync(handler);

        Assert.Contains("$filter=atScope%28%29%20and%20assignedTo%28%27", handler.Requests[1].Uri.OriginalString, StringComparison.Ordinal);
        var assignment = Assert.Single(facts.Assignments!);
        Assert.Equal((group, Subscription), (assignment.Group, assignment.Scope));
        var findings = AzureGrantAnalyzer.Analyze(facts);
        Assert.Equal([FindingCodes.AzureRoleConditionMissing, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Contains($"through group {group}, which it belongs to directly or through a nested group,", f.Cause, StringComparison.Ordinal));
        // Not the condition pulumi up sets on its own assignment: the group's is for every member.
        Assert.All(findings, f => Assert.StartsWith($"Take Stream's service principal out of group {group}", f.Fix, StringComparison.Ordinal));
    }

    /// <summary>Storage Blob Data Owner as Resource Manager defines it: every blob data action, and the container's Resource Manager actions.</summary>
    [Fact]
    public async Task Storage_blob_data_owner_on_the_container_is_read_with_its_actions_and_found_beyond_the_stacks_role_without_a_path()
    {
        var ownerRoleId = $"{Subscription}/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        var assignmentId = $"{ContainerId}/providers/Microsoft.Authorization/roleAssignments/6a7b";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""{ "id": "{{PrincipalId}}" }""")
            .Respond(HttpStatusCode.OK, $$"""
                { "value": [ { "id": "{{assignmentId}}", "type": "Microsoft.Authorization/roleAssignments", "name": "6a7b",
                    "properties": { "roleDefinitionId": "{{ownerRoleId}}", "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{ContainerId}}" } } ] }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "id": "{{ownerRoleId}}", "type": "Microsoft.Authorization/roleDefinitions", "name": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
                  "properties": { "roleName": "Storage Blob Data Owner", "type": "BuiltInRole", "description": "Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.",
                                  "assignableScopes": [ "/" ],
                                  "permissions": [ { "actions": [ "Microsoft.Storage/storageAccounts/blobServices/containers/*", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action" ],
                                                     "notActions": [], "dataActions": [ "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*" ], "notDataActions": [] } ] } }
                """);

        var facts = await Probe(handler).GatherGrantAsync(ContainerId, ClientId, "", TestContext.Current.CancellationToken);

        var finding = Assert.Single(AzureGrantAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.AzureGrantWider, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("holds Storage Blob Data Owner on the container with no condition: beyond the stack's role (blobs/write, blobs/add/action), it grants the data actions blobs/read, blobs/delete,", finding.Cause, StringComparison.Ordinal);
        Assert.Contains("the Resource Manager actions Microsoft.Storage/storageAccounts/blobServices/containers/*,", finding.Cause, StringComparison.Ordinal);
        Assert.Contains($"az role assignment delete --ids {assignmentId}. Removing", finding.Fix, StringComparison.Ordinal);
    }

    /// <summary>A custom role defined where the owner may not read is not examined; the principal's other roles are.</summary>
    [Fact]
    public async Task A_role_definition_refused_leaves_its_assignment_not_examined_and_the_others_judged()
    {
        var refusedRoleId = $"{Subscription}/providers/Microsoft.Authorization/roleDefinitions/7e8f";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""{ "id": "{{PrincipalId}}" }""")
            .Respond(HttpStatusCode.OK, $$"""
                { "value": [
                  { "id": "{{Subscription}}/providers/Microsoft.Authorization/roleAssignments/7e8f", "name": "7e8f",
                    "properties": { "roleDefinitionId": "{{refusedRoleId}}", "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{Subscription}}" } },
                  { "id": "{{ContainerId}}/providers/Microsoft.Authorization/roleAssignments/1f2e", "name": "1f2e",
                    "properties": { "roleDefinitionId": "{{WriterRoleId}}", "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{ContainerId}}" } } ] }
                """)
            .Respond(HttpStatusCode.Forbidden, """
                { "error": { "code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.Authorization/roleDefinitions/read'." } }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "id": "{{WriterRoleId}}", "properties": { "roleName": "Stream recording writer (strecabs9f8e7d6c)", "type": "CustomRole",
                  "permissions": [ { "actions": [], "notActions": [], "dataActions": [ "{{AzureGrants.CreateBlob}}", "{{AzureGrants.AddToBlob}}" ], "notDataActions": [] } ] } }
                """);

        var facts = await GatherGrantAsync(handler);

        var findings = AzureGrantAnalyzer.Analyze(facts);
        Assert.Equal([FindingCodes.AzureRoleUnreadable, FindingCodes.AzureRoleConditionMissing], findings.Select(f => f.Code));
        Assert.Contains(
            $"holds role {refusedRoleId} at {Subscription}, above the container, and its definition could not be read (HTTP 403 AuthorizationFailed: The client does not have authorization",
            findings[0].Cause,
            StringComparison.Ordinal);
        Assert.Contains("Stream recording writer (strecabs9f8e7d6c) on the container with no condition", findings[1].Cause, StringComparison.Ordinal);
    }

    /// <summary>Resource Manager lists the management groups the subscription is under among the scopes above the container.</summary>
    [Fact]
    public async Task A_role_at_a_management_group_above_the_subscription_is_read_as_above_the_container()
    {
        const string group = "/providers/Microsoft.Management/managementGroups/acme-platform";
        var roleId = $"{group}/providers/Microsoft.Authorization/roleDefinitions/{AzureGrants.StorageBlobDataContributorRoleGuid}";
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""{ "id": "{{PrincipalId}}" }""")
            .Respond(HttpStatusCode.OK, $$"""
                { "value": [ { "id": "{{group}}/providers/Microsoft.Authorization/roleAssignments/5e6f", "name": "5e6f",
                    "properties": { "roleDefinitionId": "{{roleId}}", "principalId": "{{PrincipalId}}", "principalType": "ServicePrincipal", "scope": "{{group}}" } } ] }
                """)
            .Respond(HttpStatusCode.OK, $$"""
                { "id": "{{roleId}}", "properties": { "roleName": "Storage Blob Data Contributor", "type": "BuiltInRole",
                  "permissions": [ { "dataActions": [ "{{string.Join("\", \"", AzureGrants.BlobDataContributorDataActions)}}" ] } ] } }
                """);

        var facts = await GatherGrantAsync(handler);

        var findings = AzureGrantAnalyzer.Analyze(facts);
        Assert.Equal([FindingCodes.AzureRoleConditionMissing, FindingCodes.AzureGrantWider], findings.Select(f => f.Code));
        Assert.Contains($"at {group}, above the container,", findings[0].Cause, StringComparison.Ordinal);
    }

    /// <summary>An answer the doctor cannot read is not "no assignment", nor is a refusal: the grant is not examined, and the report stands.</summary>
    [Theory]
    [InlineData(HttpStatusCode.OK, """{ "values": [] }""", "in a shape the doctor does not read")]
    [InlineData(HttpStatusCode.OK, """{ "value": [ { "properties": { "scope": 7 } } ] }""", "in a shape the doctor does not read")]
    [InlineData(HttpStatusCode.OK, """{ "value": {} }""", "in a shape the doctor does not read")]
    [InlineData(
        HttpStatusCode.Forbidden,
        """{ "error": { "code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read'." } }""",
        "HTTP 403 AuthorizationFailed: The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read'.")]
    public async Task A_list_of_assignments_refused_or_in_another_shape_is_not_examined_never_a_pass(HttpStatusCode status, string answer, string cause)
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, $$"""{ "id": "{{PrincipalId}}" }""")
            .Respond(status, answer);

        var facts = await GatherGrantAsync(handler);

        var finding = Assert.Single(AzureGrantAnalyzer.Analyze(facts));
        Assert.Equal((FindingCodes.AzureRoleUnreadable, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains(cause, finding.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_principal_graph_does_not_know_is_not_examined()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.NotFound, """
            { "error": { "code": "Request_ResourceNotFound", "message": "Resource '0b7e3f55-8c1d-4a9e-b2f4-6d5c4b3a2910' does not exist or one of its queried reference-property objects are not present." } }
            """);

        var facts = await GatherGrantAsync(handler);

        Assert.Null(facts.Assignments);
        Assert.Contains("HTTP 404 Request_ResourceNotFound", facts.Error, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a")]
    [InlineData("recordings")]
    [InlineData("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a/blobServices/default/containers/c/x")]
    public void An_id_that_is_not_a_containers_is_refused_before_any_request(string id) =>
        Assert.Contains("is not a blob container's ARM id", Assert.Throws<ArgumentException>(() => AzureResourceProbe.AccountIdOf(id)).Message, StringComparison.Ordinal);
}
