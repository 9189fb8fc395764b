using System.Text.RegularExpressions;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Tests.Grants;

/// <summary>
/// The condition on Stream's Azure role: its text in the documented form of role assignment conditions, and its meaning,
/// read back by <see cref="AzureRoleCondition"/> and asked about blobs in and out of the path for every data action of each role.
/// </summary>
public sealed partial class AzurePathConditionTests
{
    private const string Path = "recordings/";
    private const string Container = "recordings-container";

    public static TheoryData<string> Roles => new() { nameof(AzureGrants.WriteOnlyDataActions), nameof(AzureGrants.BlobDataContributorDataActions) };

    private static IReadOnlyList<string> ActionsOf(string role) =>
        role == nameof(AzureGrants.WriteOnlyDataActions) ? AzureGrants.WriteOnlyDataActions : AzureGrants.BlobDataContributorDataActions;

    [Fact]
    public void The_write_only_role_is_conditioned_on_the_blob_path_for_both_of_its_actions()
    {
        Assert.Equal(
            "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})"
            + " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'}))"
            + " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'recordings/'))",
            AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions));
    }

    [Fact]
    public void The_contributor_role_is_conditioned_on_the_blob_path_and_its_listing_on_the_requested_prefix()
    {
        Assert.Equal(
            "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})"
            + " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})"
            + " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})"
            + " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action'})"
            + " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'}))"
            + " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'recordings/'))"
            + " AND ((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND SubOperationMatches{'Blob.List'}))"
            + " OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith 'recordings/'))",
            AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions));
    }

    /// <summary>
    /// The documented shape, clause by clause: each condition is <c>(( !(action) AND ... ) OR ( attribute operator 'value' ))</c>,
    /// conditions are joined with AND, every action of the role is targeted, and the value is the path as it is, without the
    /// container's name, a leading '/' or URL encoding.
    /// </summary>
    [Theory]
    [MemberData(nameof(Roles))]
    public void The_text_follows_the_documented_grammar(string role)
    {
        var condition = AzureGrants.PathCondition("calls/2026 q1/", ActionsOf(role));

        var clauses = condition.Split(" AND ((", StringSplitOptions.None);
        Assert.All(clauses.Select((clause, i) => i == 0 ? clause : "((" + clause), clause => Assert.Matches(DocumentedClause(), clause));
        var targeted = ActionTarget().Matches(condition).Select(m => m.Groups["action"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(targeted.SetEquals(ActionsOf(role)), $"targets {string.Join(", ", targeted)}");
        Assert.All(AttributeValue().Matches(condition), m => Assert.Equal("calls/2026 q1/", m.Groups["value"].Value));
        Assert.Equal(condition.Count(c => c == '('), condition.Count(c => c == ')'));
        AzureRoleCondition.Parse(condition);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Every_data_action_of_the_role_reaches_blobs_under_the_path_and_none_elsewhere(string role)
    {
        var condition = AzureRoleCondition.Parse(AzureGrants.PathCondition(Path, ActionsOf(role)));

        foreach (var (action, subOperation) in BlobOperations(ActionsOf(role)))
        {
            bool Allows(string blob) => condition.Allows(new AzureBlobRequest(action, subOperation, Container, blob, ListPrefix: null));

            Assert.True(Allows("recordings/call-1.mp4"), $"{action} {subOperation} under the path");
            Assert.True(Allows("recordings/2026/06/call-2.mp4"), $"{action} {subOperation} deeper under the path");
            Assert.False(Allows("recordings-old/call-1.mp4"), $"{action} {subOperation} under a sibling prefix");
            Assert.False(Allows("call-1.mp4"), $"{action} {subOperation} at the container root");
            Assert.False(Allows("recordingsX"), $"{action} {subOperation} on a name that only starts like the path");
            Assert.False(Allows("recordings"), $"{action} {subOperation} on the path's name without its '/'");
            Assert.False(Allows("Recordings/call-1.mp4"), $"{action} {subOperation} under the path in another case (blob names are case-sensitive)");
            Assert.False(Allows($"{Container}/recordings/call-1.mp4"), $"{action} {subOperation} with the container's name in front");
        }
    }

    [Fact]
    public void Listing_is_allowed_only_for_prefixes_under_the_path()
    {
        var condition = AzureRoleCondition.Parse(AzureGrants.PathCondition(Path, AzureGrants.BlobDataContributorDataActions));
        bool Lists(string? prefix) => condition.Allows(new AzureBlobRequest(AzureGrants.ReadBlob, AzureGrants.ListSubOperation, Container, BlobPath: null, prefix));

        Assert.True(Lists("recordings/"));
        Assert.True(Lists("recordings/2026/"));
        Assert.False(Lists(null));
        Assert.False(Lists(""));
        Assert.False(Lists("recordings"));
        Assert.False(Lists("recordings-old/"));
    }

    [Fact]
    public void Actions_outside_the_role_are_left_to_the_role_which_does_not_grant_them()
    {
        // A condition only narrows what the role grants; the write-only role grants no read, so the condition need not name it.
        var condition = AzureRoleCondition.Parse(AzureGrants.PathCondition(Path, AzureGrants.WriteOnlyDataActions));

        Assert.True(condition.Allows(new AzureBlobRequest(AzureGrants.ReadBlob, null, Container, "call-1.mp4", null)));
    }

    [Theory]
    [InlineData("", "An empty path grants the whole container")]
    [InlineData("it's/", "single quote")]
    public void A_path_that_cannot_be_conditioned_is_refused(string path, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AzureGrants.PathCondition(path, AzureGrants.WriteOnlyDataActions));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(!(ActionMatches{'a'}) AND !(ActionMatches{'b'}) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'p/'))", "AND and OR are mixed")]
    [InlineData("((!(ActionMatches{'a'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags:Project<$key_case_sensitive$>] StringEquals 'x'))", "is not read here")]
    [InlineData("((!(ActionMatches{'a'})) OR (@Environment[isPrivateLink] BoolEquals true))", "expected an action")]
    [InlineData("((!(ActionMatches{'a'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'p/')", "expected ')'")]
    [InlineData("((!(ActionMatches{'a'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] ForAnyOfAnyValues:StringEquals {'p/'}))", "is not read here")]
    public void A_condition_outside_the_part_of_the_language_read_is_refused_rather_than_guessed(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => AzureRoleCondition.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditions_written_by_others_are_read_with_their_own_operators()
    {
        var condition = AzureRoleCondition.Parse("""
            (
             (
              !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'})
             )
             ||
             (
              @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'recordings-container'
              &&
              @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike 'calls/*.mp4'
             )
            )
            """);

        Assert.True(condition.Allows(new AzureBlobRequest(AzureGrants.CreateBlob, null, Container, "calls/1.mp4", null)));
        Assert.False(condition.Allows(new AzureBlobRequest(AzureGrants.CreateBlob, null, Container, "calls/1.mp3", null)));
        Assert.False(condition.Allows(new AzureBlobRequest(AzureGrants.CreateBlob, null, "other", "calls/1.mp4", null)));
        Assert.True(condition.Allows(new AzureBlobRequest("Microsoft.Storage/storageAccounts/blobServices/containers/read", null, "other", null, null)));
    }

    /// <summary>Each action with each suboperation a request for it can carry (reading splits into reading a blob and listing).</summary>
    private static IEnumerable<(string Action, string? SubOperation)> BlobOperations(IReadOnlyList<string> actions) =>
        actions.SelectMany(action => action switch
        {
            AzureGrants.CreateBlob => new (string, string?)[] { (action, null), (action, "Blob.Write.Tier"), (action, "Blob.Write.WithTagHeaders") },
            AzureGrants.AddToBlob => [(action, null), (action, "Blob.Write.WithTagHeaders")],
            _ => [(action, null)],
        });

    [GeneratedRegex("""^\(\((!\(ActionMatches\{'[^']+'\}( AND (NOT )?SubOperationMatches\{'[^']+'\})?\))( AND !\(ActionMatches\{'[^']+'\}( AND (NOT )?SubOperationMatches\{'[^']+'\})?\))*\) OR \(@(Resource|Request)\[[A-Za-z./]+:[a-z]+\] StringStartsWith '[^']*'\)\)\z""")]
    private static partial Regex DocumentedClause();

    [GeneratedRegex("""ActionMatches\{'(?<action>[^']+)'\}""")]
    private static partial Regex ActionTarget();

    [GeneratedRegex("""StringStartsWith '(?<value>[^']*)'""")]
    private static partial Regex AttributeValue();
}
