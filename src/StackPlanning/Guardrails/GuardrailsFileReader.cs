using System.Globalization;
using System.Text.RegularExpressions;
using StackPlanning.Storages;
using StorageRegistrar.Declarations;
using StorageRegistrar.Diagnostics;
using StorageRegistrar.Preflight.Gcp;
using StorageRegistrar.Validation;

namespace StackPlanning.Guardrails;

/// <summary>
/// Reads a guardrails file through <see cref="StackYamlReader"/> (the limits of stack files: size, nesting, aliases)
/// and checks every key and value, gathering every problem with its key path and fix before refusing the file.
/// </summary>
internal sealed partial class GuardrailsFileReader
{
    private const string Gcp = "gcp";
    private const string Aws = "aws";
    private const string Azure = "azure";
    private const string Constraints = "constraints";
    private const string DeniedPermissions = "deniedPermissions";
    private const string ProjectParents = "projectParents";
    private const string ProjectPolicies = "projectPolicies";
    private const string CustomConstraints = "customConstraints";
    private const string ResourceTypes = "resourceTypes";
    private const string MethodTypes = "methodTypes";
    private const string Condition = "condition";
    private const string ActionType = "actionType";

    /// <summary>The longest condition Org Policy takes in a custom constraint.</summary>
    private const int MaxConditionLength = 1000;
    private const string ExistingBuckets = "existingBuckets";
    private const string UniformBucketLevelAccess = "uniformBucketLevelAccess";
    private const string Location = "location";
    private const string Project = "project";
    private const string DeniedActions = "deniedActions";
    private const string AllowedRegions = "allowedRegions";
    private const string OrganizationId = "organizationId";
    private const string RequiredTags = "requiredTags";
    private const string RegionKey = "region";
    private const string DefaultRetention = "defaultRetention";
    private const string Days = "days";
    private const string Mode = "mode";
    private const string Action = "action";
    private const string By = "by";
    private const string UsersCanRegisterApplications = "usersCanRegisterApplications";
    private const string ServicePrincipal = "servicePrincipal";
    private const string Guest = "guest";
    private const string GraphPermissions = "graphPermissions";
    private const string AppManagementPolicy = "appManagementPolicy";
    private const string PasswordAddition = "passwordAddition";
    private const string MaxPasswordLifetimeDays = "maxPasswordLifetimeDays";
    private const string Blocked = "blocked";
    private const string Allowed = "allowed";

    /// <summary>The longest password lifetime cap a file may give, ten years: beyond any client secret a stack asks for.</summary>
    private const int MaxLifetimeCapDays = 3650;
    private const string AllowedLocations = "allowedLocations";
    private const string DenyPolicies = "denyPolicies";
    private const string ExistingAccounts = "existingAccounts";
    private const string LogWorkspaces = "logWorkspaces";
    private const string LinkedAccess = "linkedAccess";

    /// <summary>What <see cref="LinkedAccess"/> means, as its fix.</summary>
    private const string LinkedAccessMeaning = "false: the deployer holds no role on it that grants what Azure Monitor's linked access check asks when a diagnostic setting sends logs there";
    private const string Id = "id";
    private const string Name = "name";
    private const string ResourceType = "resourceType";
    private const string Field = "field";
    private const string Values = "values";
    private const string Enforced = "enforced";
    private const string NotEnforced = "notEnforced";

    /// <summary>The constraints a stack can meet (<see cref="GcpGuardrails"/>), and what their values are.</summary>
    public static readonly IReadOnlyDictionary<string, GcpConstraintKind> KnownConstraints = new Dictionary<string, GcpConstraintKind>(StringComparer.Ordinal)
    {
        [GcpGuardrails.ResourceLocations.Id] = GcpConstraintKind.AllowedValues,
        [GcpGuardrails.AllowedProtectionLevels.Id] = GcpConstraintKind.AllowedValues,
        [GcpGuardrails.RestrictNonCmekServices.Id] = GcpConstraintKind.DeniedValues,
        [GcpGuardrails.RestrictCmekCryptoKeyProjects.Id] = GcpConstraintKind.AllowedValues,
        [GcpGuardrails.RetentionPolicySeconds.Id] = GcpConstraintKind.AllowedValues,
        [GcpGuardrails.SoftDeletePolicySeconds.Id] = GcpConstraintKind.AllowedValues,
        [GcpGuardrails.AllowedPolicyMemberDomains.Id] = GcpConstraintKind.AllowedValues,
        [GcpGuardrails.ManagedAllowedPolicyMembers.Id] = GcpConstraintKind.AllowedMembers,
        [GcpGuardrails.DisableServiceAccountCreation.Id] = GcpConstraintKind.Boolean,
        [GcpGuardrails.ManagedDisableServiceAccountCreation.Id] = GcpConstraintKind.Boolean,
        [GcpGuardrails.DisableServiceAccountKeyCreation.Id] = GcpConstraintKind.Boolean,
        [GcpGuardrails.ManagedDisableServiceAccountKeyCreation.Id] = GcpConstraintKind.Boolean,
        [GcpGuardrails.ServiceAccountKeyExpiryHours.Id] = GcpConstraintKind.AllowedValues,
    };

    private static readonly Dictionary<string, AwsDenier> Deniers = new(StringComparer.Ordinal)
    {
        ["scp"] = AwsDenier.Scp,
        ["boundary"] = AwsDenier.Boundary,
        ["identity"] = AwsDenier.Identity,
    };

    private readonly List<ValidationProblem> _problems = [];

    public static GuardrailsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var shown = TerminalText.Escape(path);
        var text = StackFile.ReadText(path, Path.GetFullPath(path), $"{shown}: no such file. Name an existing guardrails file, such as examples/guardrails/governed-eu.yaml.", "the guardrails");
        var value = new StackYamlReader(path).Read(text);
        var reader = new GuardrailsFileReader();
        var file = reader.ReadFile(value);
        return reader._problems.Count == 0 ? file : throw new StackConfigException($"The guardrails file {shown}", reader._problems);
    }

    private GuardrailsFile ReadFile(StackYamlValue? value)
    {
        var top = KeyPath.Top;
        if (value is not StackYamlMap map)
        {
            Problem(top, value?.Line ?? 1, "is not a map of clouds", $"write `{Gcp}:`, `{Aws}:` or `{Azure}:` at the top, each with its guardrails indented under it");
            return GuardrailsFile.None;
        }

        CheckKeys(map, top, Gcp, Aws, Azure);
        return new GuardrailsFile
        {
            Gcp = Section(map, top, Gcp, ReadGcp) ?? new(),
            Aws = Section(map, top, Aws, ReadAws) ?? new(),
            Azure = Section(map, top, Azure, ReadAzure) ?? new(),
        };
    }

    private GcpGuardrailSettings ReadGcp(StackYamlMap map, KeyPath path)
    {
        CheckKeys(map, path, Constraints, CustomConstraints, ProjectParents, ProjectPolicies, DeniedPermissions, ExistingBuckets);
        var customConstraints = ReadCustomConstraints(map, path);
        // A custom constraint is enforced as a boolean one, under its own id.
        var known = new Dictionary<string, GcpConstraintKind>(KnownConstraints, StringComparer.Ordinal);
        foreach (var custom in customConstraints)
        {
            known[custom.Id] = GcpConstraintKind.Boolean;
        }

        var constraints = new List<GcpConstraintPolicy>();
        foreach (var (constraint, value, constraintLine) in EntriesOf(map, path, Constraints))
        {
            var constraintPath = path.Key(Constraints).Key(constraint);
            if (!known.TryGetValue(constraint, out var kind))
            {
                Problem(constraintPath, constraintLine, "is not a constraint a stack can meet", Nearest(constraint, known.Keys, $"use one of {string.Join(", ", known.Keys)}, or a custom constraint defined under {CustomConstraints}"));
                continue;
            }

            if (value is StackYamlMap perProject)
            {
                foreach (var (project, projectValue) in perProject.Entries)
                {
                    if (project != GcpConstraintPolicy.EveryProject && !PlacementSection.GcpProject().IsMatch(project))
                    {
                        Problem(constraintPath.Key(project), perProject.LineOf(project), "is not a project id", $"name a project id (6 to 30 lowercase letters, digits and hyphens) or \"{GcpConstraintPolicy.EveryProject}\" for every project");
                        continue;
                    }

                    constraints.AddRange(Policy(constraint, project, kind, projectValue, constraintPath.Key(project)));
                }
            }
            else
            {
                constraints.AddRange(Policy(constraint, GcpConstraintPolicy.EveryProject, kind, value, constraintPath));
            }
        }

        var parents = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (project, value, projectLine) in EntriesOf(map, path, ProjectParents))
        {
            var projectPath = path.Key(ProjectParents).Key(project);
            if (!PlacementSection.GcpProject().IsMatch(project))
            {
                Problem(projectPath, projectLine, "is not a project id", "name a project id (6 to 30 lowercase letters, digits and hyphens)");
            }
            else if (ListOfTexts(value, projectPath, ParentName(), "a folder or organization such as folders/308112 or organizations/570033, nearest first") is { } above)
            {
                parents[project] = above;
            }
        }

        if (customConstraints.Count > 0 && !parents.Values.Any(above => ResourceManagerClient.OrganizationOf(above) is not null))
        {
            Problem(path.Key(CustomConstraints), map.Line, "applies to no project, since no project is in an organization", $"place the projects under their organization in {ProjectParents}, such as `acme-video: [organizations/570033]`");
        }

        var permissions = Texts(map, path, DeniedPermissions, Permission(), "a permission such as iam.serviceAccountKeys.create") ?? [];
        return new GcpGuardrailSettings
        {
            Constraints = constraints,
            CustomConstraints = customConstraints,
            ProjectParents = parents,
            ProjectPolicies = ReadProjectPolicies(map, path),
            DeniedPermissions = permissions,
            ExistingBuckets = ReadExistingBuckets(map, path),
        };
    }

    /// <summary>
    /// The organization's custom constraints, by id:
    /// <c>custom.bucketLabels: {resourceTypes: [storage.googleapis.com/Bucket], methodTypes: [CREATE], actionType: ALLOW, condition: "…"}</c>.
    /// </summary>
    private List<CustomConstraint> ReadCustomConstraints(StackYamlMap map, KeyPath path)
    {
        var customConstraints = new List<CustomConstraint>();
        foreach (var (id, value, idLine) in EntriesOf(map, path, CustomConstraints))
        {
            var constraintPath = path.Key(CustomConstraints).Key(id);
            if (!CustomConstraint.IdPattern().IsMatch(id))
            {
                Problem(constraintPath, idLine, "is not a custom constraint's id", "name it custom. followed by up to 70 letters and digits, such as custom.bucketLabels");
                continue;
            }

            if (value is not StackYamlMap constraint)
            {
                Problem(constraintPath, value.Line, "is not a map", $"write `{{{ResourceTypes}: [storage.googleapis.com/Bucket], {MethodTypes}: [CREATE], {ActionType}: ALLOW, {Condition}: \"…\"}}`");
                continue;
            }

            CheckKeys(constraint, constraintPath, ResourceTypes, MethodTypes, ActionType, Condition);
            var resourceTypes = Texts(constraint, constraintPath, ResourceTypes, GoogleResourceType(), "a resource type such as storage.googleapis.com/Bucket", nonEmpty: true, required: true);
            var methodTypes = Texts(constraint, constraintPath, MethodTypes, CustomMethodType(), "CREATE, UPDATE, DELETE, REMOVE_GRANT or GOVERN_TAGS", nonEmpty: true, required: true);
            var actionType = Text(constraint, constraintPath, ActionType, CustomActionType(), "ALLOW or DENY", required: true);
            var condition = Text(constraint, constraintPath, Condition, null, "the constraint's CEL condition, such as \"'team' in resource.labels\"", required: true);
            if (condition is { Length: > MaxConditionLength })
            {
                Problem(constraintPath.Key(Condition), constraint.Line, $"is {condition.Length} characters long", $"shorten it to {MaxConditionLength}, the most Org Policy takes");
                continue;
            }

            if (resourceTypes is not null && methodTypes is not null && actionType is not null && condition is not null)
            {
                customConstraints.Add(new CustomConstraint(id, resourceTypes, methodTypes, condition, actionType));
            }
        }

        return customConstraints;
    }

    /// <summary>The key constraints each project has a policy of its own on, by project id: <c>acme-video: [iam.disableServiceAccountKeyCreation]</c>.</summary>
    private Dictionary<string, IReadOnlyList<string>> ReadProjectPolicies(StackYamlMap map, KeyPath path)
    {
        var policies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var keyConstraints = string.Join(" or ", GcpPreflightTarget.KeyCreationConstraints);
        foreach (var (project, value, projectLine) in EntriesOf(map, path, ProjectPolicies))
        {
            var projectPath = path.Key(ProjectPolicies).Key(project);
            if (!PlacementSection.GcpProject().IsMatch(project))
            {
                Problem(projectPath, projectLine, "is not a project id", "name a project id (6 to 30 lowercase letters, digits and hyphens)");
            }
            else if (ListOfTexts(value, projectPath, null, keyConstraints) is { } constraints)
            {
                for (var i = 0; i < constraints.Count; i++)
                {
                    if (!GcpPreflightTarget.KeyCreationConstraints.Contains(constraints[i], StringComparer.Ordinal))
                    {
                        Problem(projectPath.Item(i), value.Line, "is not a constraint the stack sets a project policy on", Nearest(constraints[i], GcpPreflightTarget.KeyCreationConstraints, $"use {keyConstraints}"));
                    }
                }

                policies[project] = constraints;
            }
        }

        return policies;
    }

    /// <summary>
    /// The entries of <c>existingBuckets</c> whose name is a bucket name of <paramref name="storageType"/> (as
    /// <paramref name="namedAs"/> names them) and whose value is a map; a problem for each other, with <paramref name="fix"/>.
    /// </summary>
    private IEnumerable<(string Name, StackYamlMap Bucket, KeyPath Path)> BucketEntries(StackYamlMap map, KeyPath path, string storageType, string namedAs, string fix)
    {
        foreach (var (name, value, nameLine) in EntriesOf(map, path, ExistingBuckets))
        {
            var bucketPath = path.Key(ExistingBuckets).Key(name);
            if (DeclarationValidator.CheckBucketName(name, storageType) is not null)
            {
                Problem(bucketPath, nameLine, "is not a bucket name", $"name the bucket as {namedAs}");
            }
            else if (value is not StackYamlMap bucket)
            {
                Problem(bucketPath, value.Line, "is not a map", fix);
            }
            else
            {
                yield return (name, bucket, bucketPath);
            }
        }
    }

    /// <summary>The owner's buckets, by name: <c>{uniformBucketLevelAccess: true|false, location: EU, project: acme-logs}</c>.</summary>
    private List<GcsExistingBucket> ReadExistingBuckets(StackYamlMap map, KeyPath path)
    {
        var buckets = new List<GcsExistingBucket>();
        foreach (var (name, bucket, bucketPath) in BucketEntries(
            map, path, StorageTypes.Gcs, "Cloud Storage does: 3 to 63 lowercase letters, digits, '-', '_' and '.'",
            $"write `NAME: {{{UniformBucketLevelAccess}: false, {Location}: EU}}` per bucket"))
        {
            CheckKeys(bucket, bucketPath, UniformBucketLevelAccess, Location, Project);
            var location = Text(bucket, bucketPath, Location, PlacementSection.GcsLocation(), "a location as Cloud Storage names it, such as EU or EUROPE-WEST1", required: false);
            var project = Text(bucket, bucketPath, Project, PlacementSection.GcpProject(), "the id of the project the bucket is in (6 to 30 lowercase letters, digits and hyphens)", required: false);
            const string uniformFix = "say whether the bucket has uniform bucket-level access: true, or false (its ACLs still apply, and it refuses IAM conditions)";
            var uniformValue = Item(bucket, UniformBucketLevelAccess);
            if (uniformValue is not StackYamlScalar { IsPlain: true, Text: "true" or "false" } uniform)
            {
                Problem(bucketPath.Key(UniformBucketLevelAccess), uniformValue?.Line ?? bucket.Line, uniformValue is null ? "is missing" : "is not true or false", uniformFix);
                continue;
            }

            buckets.Add(new GcsExistingBucket(name, location ?? GcsExistingBucket.DefaultLocation, uniform.Text == "true", project));
        }

        return buckets;
    }

    /// <summary>One constraint's policy on one project (or every project), as its kind reads it.</summary>
    private IEnumerable<GcpConstraintPolicy> Policy(string constraint, string project, GcpConstraintKind kind, StackYamlValue value, KeyPath path)
    {
        if (kind == GcpConstraintKind.Boolean)
        {
            if (value is StackYamlScalar { Text: Enforced or NotEnforced } state)
            {
                return [new GcpConstraintPolicy(constraint, project, kind, state.Text == Enforced, [])];
            }

            Problem(path, value.Line, $"is not {Enforced} or {NotEnforced}", $"{constraint} is a boolean constraint: write `{constraint}: {Enforced}`, or a map of project ids (\"{GcpConstraintPolicy.EveryProject}\" for every project) to {Enforced} or {NotEnforced}");
            return [];
        }

        var members = kind == GcpConstraintKind.AllowedMembers;
        var values = members
            ? ListOfTexts(value, path, MemberEntry(), "a principal such as group:admins@example.com, or a principal set such as //cloudresourcemanager.googleapis.com/organizations/570033")
            : ListOfTexts(value, path, ValueEntry(), "a value as the Org Policy API writes it, such as in:eu-locations or europe-west1");
        if (values is null)
        {
            return [];
        }

        if (values.Count == 0)
        {
            var listed = kind switch
            {
                GcpConstraintKind.AllowedValues => "allowed values",
                GcpConstraintKind.AllowedMembers => "allowed principals and principal sets",
                _ => "denied values",
            };
            Problem(path, value.Line, "is an empty list", $"list the {listed}, or remove the constraint");
            return [];
        }

        // A managed constraint given with members is enforced with them as its parameters.
        return [new GcpConstraintPolicy(constraint, project, kind, Enforced: members, values)];
    }

    private AwsGuardrailSettings ReadAws(StackYamlMap map, KeyPath path)
    {
        CheckKeys(map, path, DeniedActions, AllowedRegions, OrganizationId, RequiredTags, ExistingBuckets);
        var denied = new List<AwsDeniedAction>();
        var actionFix = $"{{{Action}: \"iam:CreateUser\", {By}: scp}}";
        foreach (var (entry, itemPath) in Maps(map, path, DeniedActions, $"write one `- {actionFix}` per denied action", $"write `{actionFix}`"))
        {
            CheckKeys(entry, itemPath, Action, By);
            var action = Text(entry, itemPath, Action, IamAction(), "an IAM action such as iam:CreateUser or s3:PutBucketPolicy", required: true);
            var by = Text(entry, itemPath, By, null, "scp, boundary or identity", required: true);
            if (by is not null && !Deniers.ContainsKey(by))
            {
                Problem(itemPath.Key(By), entry[By]!.Line, $"is not one of {string.Join(", ", Deniers.Keys)}", "scp: a service control policy denies it; boundary: the deployer's permissions boundary does not allow it; identity: the deployer's own policies do not allow it");
            }
            else if (action is not null && by is not null)
            {
                denied.Add(new AwsDeniedAction(action, Deniers[by]));
            }
        }

        return new AwsGuardrailSettings
        {
            DeniedActions = denied,
            AllowedRegions = Texts(map, path, AllowedRegions, Region(), "a region such as eu-west-1", nonEmpty: true),
            OrganizationId = Text(map, path, OrganizationId, AwsOrganizationId(), "an organization's id such as o-a1b2c3d4e5", required: false),
            RequiredTags = Texts(map, path, RequiredTags, AwsTagName(), "a tag's name such as CostCenter", nonEmpty: true) ?? [],
            ExistingBuckets = ReadS3ExistingBuckets(map, path),
        };
    }

    /// <summary>The owner's S3 buckets, by name: <c>{region: eu-west-1, defaultRetention: {days: 30, mode: governance}}</c>.</summary>
    private List<S3ExistingBucket> ReadS3ExistingBuckets(StackYamlMap map, KeyPath path)
    {
        var buckets = new List<S3ExistingBucket>();
        foreach (var (name, bucket, bucketPath) in BucketEntries(
            map, path, StorageTypes.S3, "S3 does: 3 to 63 lowercase letters, digits, '-' and '.'",
            $"write `NAME: {{{RegionKey}: eu-west-1}}` per bucket, with `{DefaultRetention}: {{{Days}: 30, {Mode}: governance}}` for an Object Lock default retention"))
        {
            CheckKeys(bucket, bucketPath, RegionKey, DefaultRetention);
            var region = Text(bucket, bucketPath, RegionKey, Region(), "a region such as eu-west-1", required: false);
            BucketLock? retention = null;
            if (Section(bucket, bucketPath, DefaultRetention, (m, p) => m) is { } lockMap)
            {
                var lockPath = bucketPath.Key(DefaultRetention);
                CheckKeys(lockMap, lockPath, Days, Mode);
                var days = Text(lockMap, lockPath, Days, RetentionDays(), "a number of days from 1 to 36500", required: true);
                var mode = Text(lockMap, lockPath, Mode, RetentionMode(), "governance or compliance", required: true);
                if (days is null || mode is null)
                {
                    continue;
                }

                retention = new BucketLock(int.Parse(days, CultureInfo.InvariantCulture), Irreversible: mode == "compliance");
            }

            buckets.Add(new S3ExistingBucket(name, region ?? S3ExistingBucket.DefaultRegion, retention));
        }

        return buckets;
    }

    private AzureGuardrailSettings ReadAzure(StackYamlMap map, KeyPath path)
    {
        CheckKeys(map, path, UsersCanRegisterApplications, Guest, ServicePrincipal, AppManagementPolicy, DeniedActions, AllowedLocations, DenyPolicies, ExistingAccounts, LogWorkspaces);
        var usersMay = Flag(map, path, UsersCanRegisterApplications, "false: users may not register applications (Entra's allowedToCreateApps), and the deployer holds no role that may") ?? true;
        var guest = Flag(map, path, Guest, "true: the deployer signs in as the tenant's guest, with Entra's default Guest User role, which usersCanRegisterApplications does not cover") ?? false;
        if (guest && map[ServicePrincipal] is not null)
        {
            Problem(path.Key(Guest), map[Guest]!.Line, "is set beside servicePrincipal", "a service principal is no guest: keep one of them");
        }

        var policies = new List<AzureDenyPolicy>();
        foreach (var (entry, itemPath) in Maps(
            map, path, DenyPolicies,
            $"write one `- {{{Name}: NAME, {ResourceType}: Microsoft.Storage/storageAccounts, {Field}: properties.publicNetworkAccess, {Values}: [Enabled]}}` per policy",
            $"write `{{{Name}: NAME, {ResourceType}: TYPE, {Field}: FIELD, {Values}: [VALUE]}}`"))
        {
            CheckKeys(entry, itemPath, Name, ResourceType, Field, Values);
            var name = Text(entry, itemPath, Name, PolicyName(), "a policy assignment's name: letters, digits, '-', '_' and '.'", required: true);
            var type = Text(entry, itemPath, ResourceType, AzureResourceType(), "a resource type such as Microsoft.Storage/storageAccounts", required: true);
            var field = Text(entry, itemPath, Field, FieldPath(), "a field of the resource such as location or properties.publicNetworkAccess", required: true);
            var values = Texts(entry, itemPath, Values, null, "a value the policy refuses", nonEmpty: true);
            if (values is null && entry[Values] is null)
            {
                Problem(itemPath.Key(Values), entry.Line, "is missing", "list the values the policy refuses, such as [Enabled]");
            }

            if (name is not null && type is not null && field is not null && values is not null)
            {
                if (policies.Any(p => p.Name == name))
                {
                    Problem(itemPath.Key(Name), entry[Name]!.Line, $"names {name} a second time", "give each policy its own name");
                    continue;
                }

                policies.Add(new AzureDenyPolicy(name, type, field, values));
            }
        }

        return new AzureGuardrailSettings
        {
            UsersCanRegisterApplications = usersMay,
            Guest = guest,
            ServicePrincipalGraphPermissions = Section(map, path, ServicePrincipal, ReadServicePrincipal),
            AppManagementPolicy = Section(map, path, AppManagementPolicy, ReadAppManagementPolicy),
            DeniedActions = Texts(map, path, DeniedActions, AzureCreateAction(), "an action creating a resource takes, as a role's notActions write it, such as Microsoft.Authorization/roleAssignments/write or Microsoft.Authorization/*/Write (a delete is not played)") ?? [],
            AllowedLocations = Texts(map, path, AllowedLocations, PlacementSection.AzureLocation(), "a location such as westeurope", nonEmpty: true),
            DenyPolicies = policies,
            ExistingAccounts = ReadAzureExistingAccounts(map, path),
            LogWorkspaces = ReadLogWorkspaces(map, path),
        };
    }

    /// <summary>The Log Analytics workspaces access logs may go to: <c>- {id: /subscriptions/…/workspaces/NAME, linkedAccess: false}</c>.</summary>
    private List<AzureLogWorkspace> ReadLogWorkspaces(StackYamlMap map, KeyPath path)
    {
        var workspaces = new List<AzureLogWorkspace>();
        foreach (var (entry, itemPath) in Maps(
            map, path, LogWorkspaces,
            $"write one `- {{{Id}: /subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.OperationalInsights/workspaces/NAME, {LinkedAccess}: false}}` per workspace",
            $"write `{{{Id}: WORKSPACE_ID, {LinkedAccess}: false}}`"))
        {
            CheckKeys(entry, itemPath, Id, LinkedAccess);
            var id = Text(entry, itemPath, Id, WorkspaceId(), "a Log Analytics workspace's ARM id (/subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.OperationalInsights/workspaces/NAME)", required: true);
            var linked = Flag(entry, itemPath, LinkedAccess, LinkedAccessMeaning) ?? true;
            if (id is not null)
            {
                workspaces.Add(new AzureLogWorkspace(id, linked));
            }
        }

        return workspaces;
    }

    /// <summary>A <c>true</c> or <c>false</c>; null when the key is not set, or is neither (a problem, with <paramref name="meaning"/> as its fix).</summary>
    private bool? Flag(StackYamlMap map, KeyPath path, string key, string meaning)
    {
        switch (Item(map, key))
        {
            case null:
                return null;
            case StackYamlScalar { IsPlain: true, Text: "true" or "false" } flag:
                return flag.Text == "true";
            case var other:
                Problem(path.Key(key), other.Line, "is not true or false", meaning);
                return null;
        }
    }

    /// <summary>The owner's storage accounts: <c>- {id: /subscriptions/…/storageAccounts/NAME, location: westeurope}</c>.</summary>
    private List<AzureExistingAccount> ReadAzureExistingAccounts(StackYamlMap map, KeyPath path)
    {
        var accounts = new List<AzureExistingAccount>();
        foreach (var (entry, itemPath) in Maps(
            map, path, ExistingAccounts,
            $"write one `- {{{Id}: /subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.Storage/storageAccounts/NAME, {Location}: westeurope}}` per account",
            $"write `{{{Id}: ACCOUNT_ID, {Location}: LOCATION}}`"))
        {
            CheckKeys(entry, itemPath, Id, Location, LinkedAccess);
            var id = Text(entry, itemPath, Id, StorageAccountId(), "a storage account's ARM id (/subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.Storage/storageAccounts/NAME)", required: true);
            var location = Text(entry, itemPath, Location, PlacementSection.AzureLocation(), "a location such as westeurope", required: true);
            var linked = Flag(entry, itemPath, LinkedAccess, LinkedAccessMeaning) ?? true;
            if (id is not null && location is not null)
            {
                accounts.Add(new AzureExistingAccount(id, location) { LinkedAccess = linked });
            }
        }

        return accounts;
    }

    /// <summary>The deployer signs in as a service principal: its Microsoft Graph application permissions, none when not listed.</summary>
    private IReadOnlyList<string> ReadServicePrincipal(StackYamlMap map, KeyPath path)
    {
        CheckKeys(map, path, GraphPermissions);
        return Texts(map, path, GraphPermissions, GraphPermission(), "a Microsoft Graph application permission such as Application.ReadWrite.OwnedBy") ?? [];
    }

    /// <summary>The tenant's default app management policy: <c>{passwordAddition: blocked}</c>, <c>{maxPasswordLifetimeDays: 90}</c> or both.</summary>
    private AzureAppManagementPolicy ReadAppManagementPolicy(StackYamlMap map, KeyPath path)
    {
        CheckKeys(map, path, PasswordAddition, MaxPasswordLifetimeDays);
        var blocked = false;
        if (Item(map, PasswordAddition) is { } addition)
        {
            if (addition is StackYamlScalar { IsPlain: true, Text: Blocked or Allowed } word)
            {
                blocked = word.Text == Blocked;
            }
            else
            {
                Problem(path.Key(PasswordAddition), addition.Line, $"is not {Blocked} or {Allowed}", $"{Blocked}: no password may be added to an application (Entra's passwordAddition restriction)");
            }
        }

        int? maxDays = null;
        if (Item(map, MaxPasswordLifetimeDays) is { } lifetime)
        {
            if (lifetime is StackYamlScalar { IsPlain: true } days && int.TryParse(days.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxLifetimeCapDays)
            {
                maxDays = parsed;
            }
            else
            {
                Problem(path.Key(MaxPasswordLifetimeDays), lifetime.Line, $"is not a whole number of days from 1 to {MaxLifetimeCapDays}", "write the longest lifetime a password may have, such as 90 (Entra's passwordLifetime restriction)");
            }
        }

        if (map.Entries.Count == 0)
        {
            Problem(path, map.Line, "restricts nothing", $"write `{PasswordAddition}: {Blocked}`, `{MaxPasswordLifetimeDays}: 90` or both, or remove the key");
        }

        return new AzureAppManagementPolicy(blocked, maxDays);
    }

    /// <summary>The entries of the map under <paramref name="key"/>, each with its key's line; none where it is absent or not a map.</summary>
    private IEnumerable<(string Key, StackYamlValue Value, long KeyLine)> EntriesOf(StackYamlMap map, KeyPath path, string key) =>
        Section(map, path, key, (section, _) => section.Entries.Select(e => (e.Key, e.Value, section.LineOf(e.Key)))) ?? [];

    private T? Section<T>(StackYamlMap map, KeyPath path, string key, Func<StackYamlMap, KeyPath, T> read)
        where T : class
    {
        switch (Item(map, key))
        {
            case null:
                return null;
            case StackYamlMap section:
                return read(section, path.Key(key));
            case var other:
                Problem(path.Key(key), other.Line, "is not a map", $"indent `key: value` lines under `{key}:`");
                return null;
        }
    }

    /// <summary>The maps listed under a key, each with its path; a value that is not a list, or an item that is not a map, is a problem.</summary>
    /// <param name="listFix">The fix when the key's value is not a list.</param>
    /// <param name="entryFix">The fix when an item is not a map.</param>
    private IEnumerable<(StackYamlMap Entry, KeyPath Path)> Maps(StackYamlMap map, KeyPath path, string key, string listFix, string entryFix)
    {
        if (Item(map, key) is not { } value)
        {
            yield break;
        }

        var listPath = path.Key(key);
        if (value is not StackYamlList list)
        {
            Problem(listPath, value.Line, "is not a list", listFix);
            yield break;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is StackYamlMap entry)
            {
                yield return (entry, listPath.Item(i));
            }
            else
            {
                Problem(listPath.Item(i), list.Items[i].Line, "is not a map", entryFix);
            }
        }
    }

    /// <summary>A key's value; a YAML null (<c>key:</c> with nothing after it) counts as not set.</summary>
    private static StackYamlValue? Item(StackYamlMap map, string key) =>
        map[key] is StackYamlScalar { IsPlain: true, Text: "" or "~" or "null" or "Null" or "NULL" } ? null : map[key];

    private string? Text(StackYamlMap map, KeyPath path, string key, Regex? pattern, string expected, bool required)
    {
        var value = Item(map, key);
        if (value is null)
        {
            if (required)
            {
                Problem(path.Key(key), map.Line, "is missing", $"set it to {expected}");
            }

            return null;
        }

        return One(value, path.Key(key), pattern, expected);
    }

    private string? One(StackYamlValue value, KeyPath path, Regex? pattern, string expected)
    {
        if (value is not StackYamlScalar scalar || scalar.Text.Length == 0)
        {
            Problem(path, value.Line, value is StackYamlScalar ? "is empty" : "is not text", $"write {expected}");
            return null;
        }

        if (pattern is not null && !pattern.IsMatch(scalar.Text))
        {
            Problem(path, value.Line, $"is \"{TerminalText.Shorten(scalar.Text)}\", not {expected}", $"write {expected}");
            return null;
        }

        return scalar.Text;
    }

    private List<string>? Texts(StackYamlMap map, KeyPath path, string key, Regex? pattern, string expected, bool nonEmpty = false, bool required = false)
    {
        if (Item(map, key) is not { } value)
        {
            if (required)
            {
                Problem(path.Key(key), map.Line, "is missing", $"list one or more, each {expected}");
            }

            return null;
        }

        var texts = ListOfTexts(value, path.Key(key), pattern, expected);
        if (texts is { Count: 0 } && nonEmpty)
        {
            Problem(path.Key(key), value.Line, "is an empty list", "list at least one value, or remove the key");
            return null;
        }

        return texts;
    }

    private List<string>? ListOfTexts(StackYamlValue value, KeyPath path, Regex? pattern, string expected)
    {
        if (value is not StackYamlList list)
        {
            Problem(path, value.Line, "is not a list", $"write a list in brackets, each item {expected}");
            return null;
        }

        var texts = new List<string>();
        var valid = true;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (One(list.Items[i], path.Item(i), pattern, expected) is { } text)
            {
                texts.Add(text);
            }
            else
            {
                valid = false;
            }
        }

        return valid ? texts : null;
    }

    private void CheckKeys(StackYamlMap map, KeyPath path, params string[] known)
    {
        foreach (var (key, value) in map.Entries.Where(e => !known.Contains(e.Key, StringComparer.Ordinal)))
        {
            Problem(path.Key(key), map.LineOf(key), "is not a key of guardrails files", Nearest(key, known, $"use {string.Join(", ", known)}"));
        }
    }

    private static string Nearest(string key, IEnumerable<string> known, string otherwise) =>
        KeyNames.Nearest(key, known) is { } nearest ? $"did you mean {nearest}? ({otherwise})" : otherwise;

    private void Problem(KeyPath path, long line, string problem, string fix) =>
        _problems.Add(new ValidationProblem(path.ToString(), $"{problem} (line {line}): {fix}."));

    [GeneratedRegex(@"^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+){2,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Permission();

    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z0-9-]+)*\.googleapis\.com/[A-Za-z]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleResourceType();

    [GeneratedRegex(@"^(CREATE|UPDATE|DELETE|REMOVE_GRANT|GOVERN_TAGS)\z", RegexOptions.CultureInvariant)]
    private static partial Regex CustomMethodType();

    [GeneratedRegex(@"^(ALLOW|DENY)\z", RegexOptions.CultureInvariant)]
    private static partial Regex CustomActionType();

    [GeneratedRegex(@"^(folders|organizations)/[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParentName();

    [GeneratedRegex(@"^[a-zA-Z0-9:._/-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValueEntry();

    /// <summary>A principal (<c>group:…</c>, <c>user:…</c>, <c>serviceAccount:…</c>) or a principal set (<c>//cloudresourcemanager.googleapis.com/organizations/…</c>).</summary>
    [GeneratedRegex(@"^([a-zA-Z]+:[A-Za-z0-9._+@-]+|//[a-z0-9.-]+/[A-Za-z0-9._/-]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex MemberEntry();

    [GeneratedRegex(@"^[a-z0-9-]+:[A-Za-z0-9*]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IamAction();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Region();

    [GeneratedRegex(@"^o-[a-z0-9]{10,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsOrganizationId();

    /// <summary>A tag's name as AWS takes it: 1 to 128 letters, digits, spaces and <c>_.:/=+-@</c>.</summary>
    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsTagName();

    /// <summary>
    /// A Resource Manager action (<c>Namespace/type/…/operation</c>) other than a delete, what creating a resource takes; a
    /// segment or the operation may be <c>*</c>, as in a role's notActions.
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(/([A-Za-z0-9.]+|\*))*/(read|write|action|\*)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AzureCreateAction();

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]{3,24}\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StorageAccountId();

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.OperationalInsights/workspaces/[A-Za-z0-9-]{4,63}\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WorkspaceId();

    [GeneratedRegex(@"^([1-9][0-9]{0,3}|[1-2][0-9]{4}|3[0-5][0-9]{3}|36[0-4][0-9]{2}|36500)\z", RegexOptions.CultureInvariant)]
    private static partial Regex RetentionDays();

    [GeneratedRegex(@"^(governance|compliance)\z", RegexOptions.CultureInvariant)]
    private static partial Regex RetentionMode();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyName();

    [GeneratedRegex(@"^[A-Za-z]+(\.[A-Za-z]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex GraphPermission();

    [GeneratedRegex(@"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+(/[A-Za-z0-9]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AzureResourceType();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();
}
