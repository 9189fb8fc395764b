using System.Text.RegularExpressions;
using StorageRegistrar.Grants;

namespace StorageRegistrar.Diagnostics;

/// <summary>Finds why Stream's service account cannot create objects in a GCS bucket.</summary>
public static partial class GcsBucketAnalyzer
{
    /// <summary>Predefined roles that hold <c>storage.objects.create</c> on a bucket.</summary>
    private static readonly HashSet<string> WriterRoles = new(StringComparer.Ordinal)
    {
        GcsGrants.ObjectCreatorRole,
        "roles/storage.objectUser",
        "roles/storage.objectAdmin",
        "roles/storage.admin",
        "roles/storage.legacyBucketWriter",
        "roles/storage.legacyBucketOwner",
    };

    private const string ServiceAccountPrefix = "serviceAccount:";

    /// <summary>How Google's predefined roles are named; a custom role (<c>projects/P/roles/R</c>) holds what its definition says, which is not read.</summary>
    private const string PredefinedRolePrefix = "roles/";

    public static IReadOnlyList<Finding> Analyze(GcsBucketFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var findings = new List<Finding>();
        if (facts.LookupStatus is { } status)
        {
            if (!facts.ObjectsListed)
            {
                findings.Add(status == 404
                    ? new Finding(FindingCodes.GcsBucketMissing, FindingSeverity.Problem,
                        $"Bucket '{facts.Bucket}' does not exist.",
                        "Create the bucket (pulumi up creates it), or register the storage with the name of an existing bucket.")
                    : new Finding(FindingCodes.GcsBucketUnreadable, FindingSeverity.Problem,
                        $"Bucket '{facts.Bucket}' could not be read with your credentials (HTTP {status}); its grants were not checked.",
                        "Run the doctor with Application Default Credentials (gcloud auth application-default login) of an identity holding storage.buckets.get and storage.buckets.getIamPolicy on the bucket."));
                return findings;
            }

            findings.Add(new Finding(FindingCodes.GcsFactUnreadable, FindingSeverity.Warning,
                $"Bucket '{facts.Bucket}' exists (its objects can be listed), but its metadata could not be read with your credentials (HTTP {status}).",
                "Nothing to change for Stream; to read the bucket itself, run the doctor with an identity holding storage.buckets.get on it."));
        }

        if (facts.Bindings is null)
        {
            findings.Add(new Finding(FindingCodes.GcsFactUnreadable, FindingSeverity.Warning,
                $"The IAM policy of bucket '{facts.Bucket}' could not be read ({facts.BindingsError ?? "unknown error"}), so Stream's grant was not checked.",
                "Run the doctor with an identity holding storage.buckets.getIamPolicy on the bucket."));
            return findings;
        }

        AddBindingFindings(facts, facts.Bindings, findings);
        AddWiderGrantFindings(facts, facts.Bindings, findings);
        return findings;
    }

    private static void AddBindingFindings(GcsBucketFacts facts, IReadOnlyList<GcsRoleBinding> bindings, List<Finding> findings)
    {
        var writerBindings = bindings.Where(b => WriterRoles.Contains(b.Role)).ToList();
        // With the account named, only its grants count; without, any service account's.
        var writers = facts.ServiceAccountEmail is { } email
            ? writerBindings.Where(b => b.Members.Contains(GcsGrants.ServiceAccountMember(email), StringComparer.OrdinalIgnoreCase)).ToList()
            : writerBindings.Where(b => b.Members.Any(m => m.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))).ToList();
        if (writers.Count > 0)
        {
            AddConditionFindings(facts, writers, findings);
            return;
        }

        // pulumi up keeps the grant to a non-empty path with an IAM condition, which such a bucket refuses.
        if (facts.Path.Length > 0 && facts.UniformBucketLevelAccess == false)
        {
            findings.Add(UniformAccessAnalyzer.ConditionRefused(facts.Bucket));
            return;
        }

        findings.Add(facts.ServiceAccountEmail is { } named
            ? new Finding(FindingCodes.GcsBindingMissing, FindingSeverity.Problem,
                $"Service account {named} holds no role on bucket '{facts.Bucket}' that may create objects.",
                $"Grant it {StacksGrant(facts)} (pulumi up does it): gcloud storage buckets add-iam-policy-binding gs://{facts.Bucket} --member={GcsGrants.ServiceAccountMember(named)} --role={GcsGrants.ObjectCreatorRole}"
                + (facts.Path.Length == 0 ? "" : " --condition-from-file=FILE, FILE a JSON file with that expression and title")
                + ". New grants can take minutes to apply.")
            : new Finding(FindingCodes.GcsBindingMissing, FindingSeverity.Problem,
                $"No service account holds a role on bucket '{facts.Bucket}' that may create objects, so Stream's key cannot write there.",
                $"Grant the service account whose key Stream holds {StacksGrant(facts)} (pulumi up does it); pass --service-account to check one account."));
    }

    /// <summary>
    /// A grant limited to an object-name prefix (what pulumi up writes, <see cref="GcsGrants.PathConditionExpression"/>)
    /// works when the storage's path lies under that prefix; any other condition cannot be judged here.
    /// </summary>
    private static void AddConditionFindings(GcsBucketFacts facts, IReadOnlyList<GcsRoleBinding> grants, List<Finding> findings)
    {
        if (grants.Any(b => !b.IsConditional || CoversPath(b.ConditionExpression!, facts)))
        {
            return;
        }

        var prefixes = grants
            .Select(b => ObjectNamePrefix().Match(b.ConditionExpression!))
            .Where(m => m.Success)
            .Select(m => $"'{m.Groups["path"].Value}'")
            .ToList();
        if (prefixes.Count == grants.Count)
        {
            findings.Add(new Finding(FindingCodes.GcsBindingPathMismatch, FindingSeverity.Problem,
                $"The write grant on bucket '{facts.Bucket}' is limited to objects under {string.Join(", ", prefixes)}, which does not cover the storage's path '{facts.Path}'.",
                $"Limit the grant's condition to {GcsGrants.PathConditionExpression(facts.Bucket, facts.Path)} (pulumi up writes it), or register the storage with the granted path."));
            return;
        }

        var names = grants.Select(b => $"\"{b.ConditionTitle ?? b.ConditionExpression}\"");
        findings.Add(new Finding(FindingCodes.GcsBindingConditional, FindingSeverity.Warning,
            $"The write grant on bucket '{facts.Bucket}' applies only under IAM condition {string.Join(", ", names)}; uploads under '{facts.Path}' may not meet it.",
            $"Make sure the condition admits objects under '{facts.Path}', or grant {StacksGrant(facts)} instead (pulumi up does it)."));
    }

    /// <summary>
    /// The bindings of Stream's service account that reach beyond the stack's grant, <see cref="GcsGrants.ObjectCreatorRole"/>
    /// kept to the path by <see cref="GcsGrants.PathConditionExpression"/>: one without a condition or limited to a prefix
    /// the path does not start with (a shorter one, the bucket root, another folder), while the storage has a path; or a
    /// predefined role beyond creating objects. Only the account named is judged: without it, which grant is Stream's is
    /// unknown. A custom role, whose permissions are not read, and a condition other than the prefix pulumi up writes are
    /// not judged.
    /// </summary>
    private static void AddWiderGrantFindings(GcsBucketFacts facts, IReadOnlyList<GcsRoleBinding> bindings, List<Finding> findings)
    {
        if (facts.ServiceAccountEmail is not { } email)
        {
            return;
        }

        var member = GcsGrants.ServiceAccountMember(email);
        var streams = bindings.Where(b => b.Role.StartsWith(PredefinedRolePrefix, StringComparison.Ordinal) && b.Members.Contains(member, StringComparer.OrdinalIgnoreCase));
        foreach (var binding in streams)
        {
            // The object-name prefix the binding is kept to; null for the whole bucket.
            string? prefix = null;
            if (binding.IsConditional)
            {
                // A condition on another bucket's objects grants nothing here.
                if (ObjectNamePrefix().Match(binding.ConditionExpression!) is not { Success: true } match || match.Groups["bucket"].Value != facts.Bucket)
                {
                    continue;
                }

                prefix = match.Groups["path"].Value;
            }

            var reaches = new List<string>();
            if (facts.Path.Length > 0 && prefix?.StartsWith(facts.Path, StringComparison.Ordinal) != true)
            {
                reaches.Add($"objects outside '{facts.Path}' ({(prefix is null or "" ? "every object in the bucket" : $"every name starting with '{prefix}'")})");
            }

            if (binding.Role != GcsGrants.ObjectCreatorRole)
            {
                reaches.Add($"what {binding.Role} holds beyond creating objects");
            }

            if (reaches.Count == 0)
            {
                continue;
            }

            var held = binding.IsConditional ? $"under IAM condition \"{binding.ConditionTitle ?? binding.ConditionExpression}\"" : "with no condition";
            var keep = $"Keep {member} to {StacksGrant(facts)}, as pulumi up grants it: take it out of this binding of {binding.Role}.";
            findings.Add(new Finding(FindingCodes.GcsGrantWider, FindingSeverity.Warning,
                $"Service account {email} holds {binding.Role} on bucket '{facts.Bucket}' {held}: beyond {(facts.Path.Length == 0 ? "creating objects in the bucket" : $"creating objects under '{facts.Path}'")}, the stack's grant, it reaches {string.Join(" and ", reaches)}.",
                facts.Path.Length > 0 && facts.UniformBucketLevelAccess == false
                    // The condition needs uniform bucket-level access, which only the bucket's owner turns on.
                    ? $"Turn uniform bucket-level access on first (gcloud storage buckets update gs://{facts.Bucket} --uniform-bucket-level-access), which the condition needs. {keep}"
                    : keep));
        }
    }

    /// <summary>The grant pulumi up makes: object creation on the bucket, kept to the path by an IAM condition when there is one.</summary>
    private static string StacksGrant(GcsBucketFacts facts) => facts.Path.Length == 0
        ? $"{GcsGrants.ObjectCreatorRole} on the bucket"
        : $"{GcsGrants.ObjectCreatorRole} on the bucket under the IAM condition {GcsGrants.PathConditionExpression(facts.Bucket, facts.Path)} (title \"{GcsGrants.PathConditionTitle}\")";

    private static bool CoversPath(string expression, GcsBucketFacts facts) =>
        ObjectNamePrefix().Match(expression) is { Success: true } match
        && match.Groups["bucket"].Value == facts.Bucket
        && facts.Path.StartsWith(match.Groups["path"].Value, StringComparison.Ordinal);

    /// <summary>The prefix condition pulumi up writes, alone: <c>resource.name.startsWith("projects/_/buckets/B/objects/P")</c>.</summary>
    [GeneratedRegex("""^\s*resource\.name\.startsWith\("projects/_/buckets/(?<bucket>[^/"]+)/objects/(?<path>[^"]*)"\)\s*\z""", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectNamePrefix();
}
