using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Release.Tests;

/// <summary>
/// What a workflow linter cannot know about this repository: that every path, project, script and stack a
/// workflow names exists here, and that secrets reach only the steps that use them (never a whole job or
/// workflow through env, never pasted into a script where they land in its text).
/// </summary>
internal static partial class WorkflowChecks
{
    // Build output: workflows write there, nothing is expected to exist.
    private static readonly string[] OutputFolders = ["artifacts", "bin", "obj", "node_modules"];

    private static readonly string[] StackKeys = ["stack", "stack-name", "ephemeral-from"];

    private static readonly string[] ProjectExtensions = [".csproj", ".sln", ".slnf"];

    private static readonly string[] FileExtensions = [".csproj", ".sln", ".slnf", ".sh", ".yml", ".yaml", ".json", ".props", ".cs", ".md"];

    private static readonly string[] DotnetProjectVerbs = ["build", "test", "pack", "publish", "run", "restore", "msbuild", "clean"];

    /// <summary>Every problem in the workflow at <paramref name="workflowPath"/>, each naming its job and step; empty when none.</summary>
    public static IReadOnlyList<string> Check(string workflowPath, string repositoryRoot)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(workflowPath))
        {
            stream.Load(reader);
        }

        var context = new Context(repositoryRoot);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        context.CheckEnv(Child(root, "env"), "env", "every job of the workflow");
        foreach (var (jobName, jobNode) in Entries(Child(root, "jobs")))
        {
            if (jobNode is YamlMappingNode job)
            {
                context.CheckJob(jobName, job);
            }
        }

        return context.Problems;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Text(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value ?? "", c.Value)) : [];

    private static IEnumerable<string> Scalars(YamlNode node) =>
        node.AllNodes.OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    private sealed class Context(string root)
    {
        private readonly HashSet<string> _topLevel = Directory.EnumerateFileSystemEntries(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Except(OutputFolders, StringComparer.Ordinal)
            .ToHashSet(StringComparer.Ordinal);

        public List<string> Problems { get; } = [];

        public void CheckJob(string name, YamlMappingNode job)
        {
            var where = $"job {name}";
            var matrix = Entries(Child(Child(job, "strategy"), "matrix"))
                .Where(e => e.Value is YamlSequenceNode)
                .ToDictionary(e => e.Key, e => Scalars(e.Value).ToList(), StringComparer.Ordinal);
            CheckLocalUses(Text(job, "uses"), where);
            CheckWith(Child(job, "with"), matrix, where);
            CheckEnv(Child(job, "env"), where + ": env", "every step");
            CheckDirectory(Text(Child(Child(job, "defaults"), "run"), "working-directory"), where);

            var steps = Child(job, "steps") as YamlSequenceNode;
            for (var index = 0; index < (steps?.Children.Count ?? 0); index++)
            {
                var step = steps!.Children[index];
                var stepWhere = $"{where}, step '{Text(step, "name") ?? Text(step, "uses") ?? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}'";
                CheckLocalUses(Text(step, "uses"), stepWhere);
                CheckWith(Child(step, "with"), matrix, stepWhere);
                CheckDirectory(Text(step, "working-directory"), stepWhere);
                if (Text(step, "run") is { } script)
                {
                    CheckScript(script, matrix, stepWhere);
                }
            }
        }

        public void CheckEnv(YamlNode? env, string where, string audience)
        {
            foreach (var secret in Scalars(env ?? new YamlMappingNode()).SelectMany(SecretsIn).Distinct(StringComparer.Ordinal))
            {
                Problems.Add($"{where} exposes secrets.{secret} to {audience}; set it in the env of the steps that need it.");
            }
        }

        private void CheckLocalUses(string? uses, string where)
        {
            if (uses is not null && uses.StartsWith("./", StringComparison.Ordinal) && !Exists(uses[2..]))
            {
                Problems.Add($"{where}: uses {uses}, which does not exist.");
            }
        }

        private void CheckDirectory(string? directory, string where)
        {
            if (directory is not null && !IsDynamic(directory) && !Directory.Exists(Path.Combine(root, directory)))
            {
                Problems.Add($"{where}: working-directory {directory} does not exist.");
            }
        }

        private void CheckWith(YamlNode? with, Dictionary<string, List<string>> matrix, string where)
        {
            foreach (var (key, value) in Entries(with))
            {
                if (value is not YamlScalarNode { Value: { } text })
                {
                    continue;
                }

                if (StackKeys.Contains(key, StringComparer.Ordinal))
                {
                    CheckStack(text, matrix, where);
                }
                else if ((key.EndsWith("-file", StringComparison.Ordinal) || key.EndsWith("-path", StringComparison.Ordinal))
                    && !IsDynamic(text) && !IsOutput(text) && !Exists(text))
                {
                    Problems.Add($"{where}: {key} {text} does not exist.");
                }
            }
        }

        private void CheckScript(string script, Dictionary<string, List<string>> matrix, string where)
        {
            foreach (var secret in SecretsIn(script).Distinct(StringComparer.Ordinal))
            {
                Problems.Add($"{where}: secrets.{secret} is written into the script; pass it in the step's env instead.");
            }

            foreach (var line in script.Split('\n'))
            {
                var tokens = ShellSeparators().Split(Expression().Replace(line, "$EXPRESSION")).Where(t => t.Length > 0).ToList();
                for (var i = 0; i < tokens.Count; i++)
                {
                    var previous = i > 0 ? tokens[i - 1] : "";
                    if (previous is "--stack")
                    {
                        CheckStack(tokens[i], matrix, where);
                        continue;
                    }

                    var kind = previous is "--project" || ProjectExtensions.Any(e => tokens[i].EndsWith(e, StringComparison.Ordinal))
                            || (i > 1 && tokens[i - 2] == "dotnet" && DotnetProjectVerbs.Contains(previous, StringComparer.Ordinal))
                        ? "project"
                        : previous is "bash" or "sh" || tokens[i].EndsWith(".sh", StringComparison.Ordinal) ? "script" : "path";
                    CheckReference(tokens[i], kind, where);
                }
            }
        }

        private void CheckReference(string token, string kind, string where)
        {
            var path = token.StartsWith("./", StringComparison.Ordinal) ? token[2..] : token;
            if (IsDynamic(path) || IsOutput(path) || path.StartsWith('/') || path.StartsWith('~') || path.StartsWith('-') || !path.Contains('/', StringComparison.Ordinal))
            {
                return;
            }

            var named = kind != "path" || _topLevel.Contains(path.Split('/')[0]) || FileExtensions.Any(e => path.EndsWith(e, StringComparison.Ordinal));
            if (!named)
            {
                return;
            }

            if (!Exists(path))
            {
                Problems.Add($"{where}: {kind} {token} does not exist.");
            }
            else if (kind == "project" && Directory.Exists(Path.Combine(root, path)) && !Directory.EnumerateFiles(Path.Combine(root, path), "*.csproj").Any())
            {
                Problems.Add($"{where}: project {token} is a folder without a .csproj.");
            }
        }

        private void CheckStack(string stack, Dictionary<string, List<string>> matrix, string where)
        {
            var values = MatrixReference().Match(stack) is { Success: true } reference
                ? matrix.GetValueOrDefault(reference.Groups["key"].Value) ?? []
                : IsDynamic(stack) ? [] : [stack.Trim('"', '\'')];
            foreach (var value in values.Where(v => !File.Exists(Path.Combine(root, $"Pulumi.{v}.yaml"))))
            {
                Problems.Add($"{where}: stack '{value}' has no Pulumi.{value}.yaml.");
            }
        }

        private bool Exists(string path)
        {
            var full = Path.Combine(root, path.TrimEnd('/'));
            return File.Exists(full) || Directory.Exists(full);
        }

        private static bool IsOutput(string path) =>
            OutputFolders.Contains((path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path).Split('/')[0], StringComparer.Ordinal);

        private static bool IsDynamic(string text) =>
            text.IndexOfAny(['$', '*', '?', '{', '}', '[', ']', '@', ':']) >= 0;
    }

    private static IEnumerable<string> SecretsIn(string text) =>
        SecretReference().Matches(text).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"secrets\.(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SecretReference();

    [GeneratedRegex(@"\$\{\{.*?\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"^\$\{\{\s*matrix\.(?<key>[A-Za-z0-9_-]+)\s*\}\}$")]
    private static partial Regex MatrixReference();

    [GeneratedRegex(@"[\s;|&()<>""'`=]+")]
    private static partial Regex ShellSeparators();
}
