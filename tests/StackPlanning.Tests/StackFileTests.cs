using System.Text.Json;

namespace StackPlanning.Tests;

/// <summary>Stack files are read as the Pulumi engine hands their values to the program.</summary>
public sealed class StackFileTests : IDisposable
{
    private readonly PulumiProjectFolder _project = new("stackfile-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Structured_values_keep_plain_YAML_types_and_quoted_text_stays_text()
    {
        var file = Write("qa", """
            config:
              recording-storage:production: false
              streamstorage:apiSecret:
                secure: v1:abc
              recording-storage:storages:
                - name: qa-s3
                  cloud: s3
                  retentionDays: 90
                  versioning: true
                  clientSecretRotation: "2026-11"
                  path: ~
            """);

        Assert.Equal("qa", file.StackName);
        Assert.Equal("recording-storage", file.ProjectName);
        Assert.Equal("false", file.Get("recording-storage:production"));
        using var storages = JsonDocument.Parse(file.Get("recording-storage:storages")!);
        var storage = storages.RootElement[0];
        Assert.Equal(JsonValueKind.Number, storage.GetProperty("retentionDays").ValueKind);
        Assert.Equal(JsonValueKind.True, storage.GetProperty("versioning").ValueKind);
        Assert.Equal("2026-11", storage.GetProperty("clientSecretRotation").GetString());
        Assert.Equal(JsonValueKind.Null, storage.GetProperty("path").ValueKind);
        Assert.True(file.IsSet("streamstorage:apiSecret"));
        Assert.Null(file.Get("streamstorage:apiSecret"));
    }

    [Fact]
    public void A_secure_value_inside_a_list_reads_as_the_stand_in_and_marks_the_storages_encrypted()
    {
        var file = Write("qa", """
            config:
              recording-storage:storages:
                - name: qa-r2
                  accessKeyId:
                    secure: v1:AAAA
            """);

        using var storages = JsonDocument.Parse(file.Get("recording-storage:storages")!);
        Assert.Equal(StackFile.SecureValueStandIn, storages.RootElement[0].GetProperty("accessKeyId").GetString());
        Assert.DoesNotContain("v1:AAAA", file.Get("recording-storage:storages"), StringComparison.Ordinal);
        Assert.True(file.ToInput().StoragesEncrypted);
    }

    [Theory]
    [InlineData("gcp:project: \"acme-video\\e[2J\"", "gcp:project contains U+001B at position 11")]
    [InlineData("azure-native:subscriptionId: \"00000000-1111\\u202E\"", "azure-native:subscriptionId contains U+202E at position 14")]
    public void A_provider_setting_the_plan_reads_with_a_control_character_is_refused(string config, string expected)
    {
        AssertConfigRefused(config, expected);
    }

    /// <summary>Fixes print these settings into commands (<c>--project=P</c>, <c>--scope /subscriptions/S</c>) a reader may paste into a shell.</summary>
    [Theory]
    [InlineData("gcp:project: \"acme-video$(touch /tmp/x)\"", "gcp:project is \"acme-video$(touch /tmp/x)\", not a project id (6 to 30 lowercase letters, digits and hyphens, starting with a letter) (line 2)")]
    [InlineData("gcp:project: Acme_Video", "gcp:project is \"Acme_Video\", not a project id")]
    [InlineData("gcp:project: [acme-video-dev, other]", "gcp:project is not text (line 2): set it to the project's id, as `gcloud projects list` shows it.")]
    [InlineData("azure-native:subscriptionId: \"00000000-0000-0000-0000-0000$(id)\"", "azure-native:subscriptionId is \"00000000-0000-0000-0000-0000$(id)\", not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000) (line 2): set it to the subscription's id, as `az account show --query id` prints it.")]
    [InlineData("azure-native:subscriptionId: \"/subscriptions/00000000-0000-0000-0000-000000000000\"", "azure-native:subscriptionId is \"/subscriptions/00000000-0000-0000-0000-0…\", not a subscription id")]
    public void A_provider_setting_the_plan_reads_must_be_what_its_cloud_names_it_by(string config, string expected)
    {
        AssertConfigRefused(config, expected);
    }

    [Theory]
    [InlineData("gcp:project: acme-video-dev")]
    [InlineData("azure-native:subscriptionId: 00000000-1111-2222-3333-444444444444")]
    public void A_provider_setting_as_its_cloud_names_it_is_read(string config)
    {
        var file = Write("qa", $"config:\n  {config}\n");

        Assert.Equal(config.Split(": ")[1], file.Get(config.Split(": ")[0]));
    }

    [Theory]
    [InlineData("streamstorage:apiSecret:\n    secure: 5", "streamstorage:apiSecret.secure is not text (line 3)")]
    [InlineData("streamstorage:apiSecret:\n    secure: [a]", "streamstorage:apiSecret.secure is not text (line 3)")]
    [InlineData("streamstorage:apiSecret:\n    secure:", "streamstorage:apiSecret.secure is not text")]
    [InlineData("streamstorage:apiSecret:\n    secure: \"\"", "streamstorage:apiSecret.secure is empty (line 3)")]
    [InlineData("recording-storage:storages:\n    - secretAccessKey: {secure: {a: b}}", "recording-storage:storages[0].secretAccessKey.secure is not text (line 3)")]
    [InlineData("recording-storage:storages:\n    - secretAccessKey: {secure: true}", "recording-storage:storages[0].secretAccessKey.secure is not text")]
    public void A_secure_key_that_holds_no_text_is_refused(string config, string expected)
    {
        AssertConfigRefused(config, expected);
    }

    [Theory]
    [InlineData("streamstorage:apiSecret: s3cr3t-in-the-repository\n", true)]
    [InlineData("streamstorage:apiSecret: [s3cr3t-in-the-repository]\n", true)]
    [InlineData("streamstorage:apiSecret:\n    secure: v1:abc\n    other: s3cr3t-in-the-repository\n", true)]
    [InlineData("streamstorage:apiSecret:\n    secure: v1:abc\n", false)]
    public void Streams_secret_is_planned_only_as_a_secure_value(string secret, bool refused)
    {
        var file = Write("qa", $"config:\n  streamstorage:apiKey: k\n  {secret}  recording-storage:storages:\n    - {{name: rec, cloud: s3, region: eu-west-1}}\n");

        var error = Record.Exception(() => StackPlanner.Plan(file.ToInput()));

        if (refused)
        {
            var problem = Assert.Single(Assert.IsType<StackConfigException>(error).Problems);
            Assert.Equal("streamstorage:apiSecret", problem.Field);
            Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(error);
        }
    }

    [Fact]
    public void Secure_values_below_a_path_too_long_for_a_storage_key_are_named_once_by_its_clipped_path()
    {
        var longKey = new string('k', 5_000);
        var leaves = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"\n          s{i}: {{secure: v1:a}}"));
        var file = Write("qa", $"config:\n  recording-storage:storages:\n    - name: rec\n      cloud: s3\n      region: eu-west-1\n      secretAccessKey:\n        ? {longKey}\n        :{leaves}\n");

        var securePaths = file.ToInput().SecurePaths!;
        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(file.ToInput()));

        // One path for the 2,000 secure values, clipped: the walk neither builds nor keeps a path of each.
        var clipped = Assert.Single(securePaths);
        Assert.StartsWith("storages[0].secretAccessKey.kkkk", clipped, StringComparison.Ordinal);
        Assert.EndsWith("k…", clipped, StringComparison.Ordinal);
        Assert.True(clipped.Length < 300, $"{clipped.Length} characters");
        Assert.Single(error.Problems, p => p.Field == "storages[0].secretAccessKey.kkkkkkkkkkkk…");
    }

    [Fact]
    public void A_key_of_the_stream_provider_it_does_not_read_is_refused_with_the_one_it_meant()
    {
        var file = Write("qa", "config:\n  streamstorage:apiKey: k\n  streamstorage:apiSecret:\n    secure: v1:abc\n  streamstorage:checkDeadlineSecond: 60\n  recording-storage:storages:\n    - {name: rec, cloud: s3, region: eu-west-1}\n");

        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(file.ToInput()));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("streamstorage:checkDeadlineSecond", problem.Field);
        Assert.StartsWith("is not a setting of the streamstorage provider: did you mean \"checkDeadlineSeconds\"?", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config:\n  recording-storage:production: false\n---\nconfig:\n  recording-storage:production: true\n", "a second YAML document starts at line 3")]
    [InlineData("config:\n  recording-storage:production: false\n...\n--- !!map\n?: [\n", "a second YAML document starts at line 4")]
    public void Settings_after_the_first_yaml_document_are_refused_as_pulumi_never_reads_them(string yaml, string expected)
    {
        var error = AssertReadRefused(_project.WriteStack("qa", yaml), expected);

        Assert.Contains("keep the file to one document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_file_in_its_own_folder_is_read_through()
    {
        var real = _project.WriteStack("real", "config:\n  recording-storage:production: false\n");
        var link = Path.Combine(_project.FullName, "Pulumi.qa.yaml");
        File.CreateSymbolicLink(link, Path.GetFileName(real));

        Assert.Equal("false", StackFile.Read(link).Get("recording-storage:production"));
    }

    [Fact]
    public void A_quoted_ciphertext_is_a_secure_value()
    {
        var file = Write("qa", "config:\n  streamstorage:apiSecret:\n    secure: \"5\"\n");

        Assert.True(file.IsSet("streamstorage:apiSecret"));
        Assert.Null(file.Get("streamstorage:apiSecret"));
    }

    /// <summary>The provider's endpoint and deadline are held to the provider's own rules, as its check at pulumi preview would hold them.</summary>
    [Theory]
    [InlineData("streamstorage:baseUrl: http://stream.example.com", "streamstorage:baseUrl", "must be an absolute https URL")]
    [InlineData("streamstorage:checkDeadlineSeconds: -5", "streamstorage:checkDeadlineSeconds", "must be a whole number of seconds from 1 to 86400")]
    [InlineData("streamstorage:checkDeadlineSeconds: ten", "streamstorage:checkDeadlineSeconds", "must be a whole number of seconds from 1 to 86400")]
    [InlineData("streamstorage:baseUrl: http://127.0.0.1:4500/\n  streamstorage:checkDeadlineSeconds: 600", null, null)]
    public void The_stream_providers_settings_are_refused_as_the_provider_refuses_them(string setting, string? field, string? message)
    {
        var file = Write("qa", $"config:\n  {setting}\n  recording-storage:storages:\n    - {{name: rec, cloud: s3, region: eu-west-1}}\n");

        var error = Record.Exception(() => StackPlanner.Plan(file.ToInput(streamCredentialsSupplied: true)));

        if (field is null)
        {
            Assert.Null(error);
            return;
        }

        var problem = Assert.Single(Assert.IsType<StackConfigException>(error).Problems);
        Assert.Equal(field, problem.Field);
        Assert.StartsWith(message!, problem.Message, StringComparison.Ordinal);
    }

    /// <summary>YAML breaks a line at a lone CR, where a diff shows none: the file is refused there, before a control character after it.</summary>
    [Fact]
    public void A_lone_carriage_return_is_refused_where_it_stands_and_crlf_is_one_line_break()
    {
        var lone = Assert.Throws<StackConfigException>(() => Write("cr", "config:\r  recording-storage:production: false\r\n  # \u0007\n"));
        var crlf = Assert.Throws<StackConfigException>(() => Write("crlf", "config:\r\n  recording-storage:production: false\r\n  # \u0007\n"));
        // A CR that ends the file hides nothing after it.
        Assert.Equal("false", Write("cr-at-end", "config:\n  recording-storage:production: false\r").Get("recording-storage:production"));

        Assert.Contains("line 1, column 8 holds U+000D, which YAML reads as a line break where a diff or an editor shows none", lone.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, column 5 holds U+0007", crlf.Message, StringComparison.Ordinal);
    }

    /// <summary>Read from the file alone, a secure deadline is no deadline: the plan would show the default where pulumi up uses the value.</summary>
    [Theory]
    [InlineData("checkDeadlineSeconds")]
    [InlineData("baseUrl")]
    public void The_stream_providers_endpoint_or_deadline_held_secure_is_refused_and_its_key_may_be(string key)
    {
        var secure = Write("qa", $"config:\n  streamstorage:{key}:\n    secure: v1:AAAA\n  recording-storage:storages:\n    - {{name: rec-s3, cloud: s3, region: eu-west-1}}\n");
        var secureKey = Write("qb", "config:\n  streamstorage:apiKey:\n    secure: v1:AAAA\n  recording-storage:storages:\n    - {name: rec-s3, cloud: s3, region: eu-west-1}\n");

        var error = Assert.Throws<StackConfigException>(() => StackPlanner.Plan(secure.ToInput(streamCredentialsSupplied: true)));

        Assert.Equal($"streamstorage:{key}", Assert.Single(error.Problems).Field);
        Assert.StartsWith("is held as a secure value, but it is not a secret", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Single(StackPlanner.Plan(secureKey.ToInput(streamCredentialsSupplied: true)).Storages);
    }

    [Fact]
    public void The_stream_providers_check_deadline_is_every_storages_in_the_plan()
    {
        var set = Write("qa", "config:\n  streamstorage:checkDeadlineSeconds: 900\n  recording-storage:storages:\n    - {name: rec-s3, cloud: s3, region: eu-west-1}\n    - {name: rec-abs, cloud: abs, location: westeurope}\n");
        var unset = Write("qb", "config:\n  recording-storage:storages:\n    - {name: rec-s3, cloud: s3, region: eu-west-1}\n    - {name: rec-abs, cloud: abs, location: westeurope}\n");

        var planned = StackPlanner.Plan(set.ToInput(streamCredentialsSupplied: true));
        var defaults = StackPlanner.Plan(unset.ToInput(streamCredentialsSupplied: true));

        Assert.Equal([900, 900], planned.Storages.Select(s => s.CheckDeadlineSeconds));
        Assert.Equal([120, 1800], defaults.Storages.Select(s => s.CheckDeadlineSeconds));
    }

    [Fact]
    public void A_stack_importing_esc_environments_is_planned_with_a_warning_naming_them()
    {
        var file = Write("qa", "environment:\n  - acme/aws-credentials\n  - acme/overrides\nconfig:\n  recording-storage:storages:\n    - {name: rec, cloud: s3, region: eu-west-1}\n");

        var plan = StackPlanner.Plan(file.ToInput(streamCredentialsSupplied: true));

        Assert.Equal(["acme/aws-credentials", "acme/overrides"], file.Environments);
        var warning = Assert.Single(plan.Warnings);
        Assert.Equal("environment", warning.Field);
        Assert.StartsWith("imports Pulumi ESC environments (acme/aws-credentials, acme/overrides), whose configuration pulumi up adds to the stack's and this plan cannot see", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("environment: acme/aws-credentials\n")]
    [InlineData("environment:\n  - [nested]\n")]
    [InlineData("environment:\n  imports: [acme/aws-credentials]\n")]
    public void An_environment_that_is_not_a_list_of_names_is_refused(string yaml)
    {
        var error = Assert.Throws<StackConfigException>(() => Write("qa", yaml + "config:\n  recording-storage:storages: []\n"));

        Assert.Contains("must be a list of Pulumi ESC environment names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_reports_missing_Stream_credentials_unless_they_are_supplied_elsewhere()
    {
        var file = Write("qa", "config:\n  recording-storage:storages: []\n");

        Assert.False(file.ToInput().HasStreamApiKey);
        Assert.True(file.ToInput(streamCredentialsSupplied: true).HasStreamApiSecret);
        Assert.Equal(JsonValueKind.Array, file.ToInput().Storages.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, file.ToInput().Bindings.ValueKind);
    }

    [Fact]
    public void Storages_holding_a_secure_value_are_known_to_be_encrypted_and_plain_ones_are_not()
    {
        var encrypted = Write("enc", """
            config:
              recording-storage:storages:
                - name: r2
                  cloud: s3compatible
                  secretAccessKey:
                    secure: v1:abc
            """);
        var plain = Write("plain", "config:\n  recording-storage:storages:\n    - name: r2\n      secretAccessKey: leaked\n");

        Assert.True(encrypted.ToInput().StoragesEncrypted);
        Assert.False(plain.ToInput().StoragesEncrypted);
    }

    [Theory]
    [InlineData("stack.yaml", "is named Pulumi.<stack>.yaml")]
    [InlineData("Pulumi.yaml", "is named Pulumi.<stack>.yaml")]
    [InlineData("Pulumi.absent.yaml", "no such file")]
    public void A_path_that_is_no_stack_file_is_refused_with_the_fix(string fileName, string expected)
    {
        AssertReadRefused(Path.Combine(_project.FullName, fileName), expected);
    }

    [Fact]
    public void Invalid_YAML_is_reported_with_its_line()
    {
        var path = _project.WriteStack("bad", "config:\n  recording-storage:storages: [\n");

        AssertReadRefused(path, "is not valid YAML at line");
    }

    [Fact]
    public void A_stack_file_needs_its_project_file_beside_it()
    {
        File.Delete(_project.ProjectFile);
        var path = _project.WriteStack("qa", "config: {}\n");

        AssertReadRefused(path, "no Pulumi.yaml beside it");
    }

    [Fact]
    public void Anchors_and_aliases_are_accepted_and_read_as_what_they_stand_for()
    {
        var file = Write("qa", """
            config:
              recording-storage:tags: &tags
                team: video
              aws:defaultTags:
                tags: *tags
                again: *tags
            """);

        Assert.Equal("""{"tags":{"team":"video"},"again":{"team":"video"}}""", file.Get("aws:defaultTags"));
    }

    [Theory]
    [InlineData("!!str 5", "\"5\"")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData("1e3", "1000")]
    [InlineData("-12", "-12")]
    [InlineData("\"0x1F\"", "\"0x1F\"")]
    [InlineData("0189", "189")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData("_1", "\"_1\"")]
    [InlineData("Null", "null")]
    [InlineData("NULL", "null")]
    [InlineData("~", "null")]
    [InlineData("nULL", "\"nULL\"")]
    [InlineData("\"NULL\"", "\"NULL\"")]
    [InlineData("TRUE", "true")]
    public void Plain_scalars_are_typed_as_YAML_types_them(string yaml, string json)
    {
        var file = Write("qa", $"config:\n  aws:defaultTags: [{yaml}]\n");

        Assert.Equal($"[{json}]", file.Get("aws:defaultTags"));
    }

    [Theory]
    [InlineData("02555", "an octal number (line 2): write 2555 for the decimal number, or quote it")]
    [InlineData("-0017", "an octal number (line 2): write -17 for the decimal number")]
    [InlineData("00", "an octal number (line 2): write 0 for the decimal number")]
    [InlineData("0x1F", "a number in base 16, 8 or 2 (line 2): write it in decimal")]
    [InlineData("0o17", "a number in base 16, 8 or 2")]
    [InlineData("+0b101", "a number in base 16, 8 or 2")]
    [InlineData("1_000", "the number 1000 (line 2): write 1000")]
    [InlineData("0_1", "an octal number (line 2): write 1 for the decimal number")]
    [InlineData("1.5e3_", "the number 1.5e3 (line 2): write 1.5e3")]
    public void A_plain_number_Pulumi_reads_otherwise_is_refused(string yaml, string expected)
    {
        AssertConfigRefused($"aws:defaultTags: [{yaml}]", $"aws:defaultTags[0] is {yaml}, which Pulumi's YAML reading takes as {expected}");
    }

    [Fact]
    public void A_merge_key_inside_a_value_is_refused_and_a_quoted_one_is_an_ordinary_key()
    {
        var merged = _project.WriteStack("merged", """
            config:
              recording-storage:storages:
                - &s3
                  name: first
                  cloud: s3
                - <<: *s3
                  name: second
            """);
        var quoted = Write("quoted", "config:\n  aws:defaultTags:\n    \"<<\": x\n");

        AssertReadRefused(merged, "recording-storage:storages[1] has `<<`, a YAML merge key");
        using var tags = JsonDocument.Parse(quoted.Get("aws:defaultTags")!);
        Assert.Equal("x", tags.RootElement.GetProperty("<<").GetString());
    }

    [Theory]
    [InlineData("Recording-Storage:preflight: strict", "Recording-Storage:preflight is in the namespace \"Recording-Storage\"")]
    [InlineData("recordingstorage:preflight: strict", "did you mean recording-storage:preflight?")]
    [InlineData("preflight: strict", "preflight is not a configuration key Pulumi reads (line 2)")]
    [InlineData("recording-storage:storages:x: strict", "recording-storage:storages:x is not a configuration key Pulumi reads")]
    [InlineData("aws:a:config:b: strict", "aws:a:config:b is not a configuration key Pulumi reads")]
    public void A_key_outside_the_projects_namespace_but_near_it_or_without_one_is_refused(string line, string expected)
    {
        AssertConfigRefused(line, expected);
    }

    /// <summary>A namespace nothing reads holds settings that apply nowhere: a provider's misspelt, or another tool's.</summary>
    [Theory]
    [InlineData("azure-nativ:subscriptionId: x", "azure-nativ:subscriptionId is in the namespace \"azure-nativ\" (line 2), which nothing in this stack reads: did you mean azure-native:subscriptionId?")]
    [InlineData("StreamStorage:baseUrl: https://example.com", "did you mean streamstorage:baseUrl?")]
    [InlineData("streamstorag:apiKey: k", "did you mean streamstorage:apiKey?")]
    [InlineData("AWS:region: eu-west-1", "did you mean aws:region?")]
    [InlineData("awz:region: eu-west-1", "did you mean aws:region?")]
    [InlineData("tls:key: x", "tls:key is in the namespace \"tls\" (line 2), which nothing in this stack reads: remove it")]
    [InlineData("kubernetes:context: prod", "kubernetes:context is in the namespace \"kubernetes\" (line 2), which nothing in this stack reads: remove it (the program reads recording-storage: and streamstorage:, aws:, gcp:, azure-native:, azuread:, random:, pulumi:).")]
    public void A_key_in_a_namespace_nothing_reads_is_refused(string line, string expected)
    {
        AssertConfigRefused(line, expected);
    }

    [Theory]
    [InlineData("aws:region: eu-west-1")]
    [InlineData("gcp:project: acme-video-dev")]
    [InlineData("azure-native:location: westeurope")]
    [InlineData("azuread:tenantId: 00000000-0000-4000-8000-000000000001")]
    [InlineData("pulumi:tags: {team: video}")]
    public void A_key_of_a_provider_the_stack_uses_or_of_the_engine_is_read(string line)
    {
        var file = Write("providers", $"config:\n  {line}\n  recording-storage:storages: []\n");

        Assert.NotNull(file.Get(line[..line.IndexOf(':', line.IndexOf(':') + 1)]));
    }

    [Theory]
    [InlineData("- \"acme/aws\\e[2Jcredentials\"")]
    [InlineData("- \"::warning title=Forged::All guardrails met\"")]
    [InlineData("- acme/aws credentials")]
    [InlineData("- acme/a/b/c")]
    public void An_environment_name_not_of_escs_form_is_refused(string item)
    {
        var error = Assert.Throws<StackConfigException>(() => Write("qa", $"environment:\n  {item}\nconfig:\n  recording-storage:storages: []\n"));

        Assert.Contains("must be a list of Pulumi ESC environment names, of letters, digits", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, character => char.IsControl(character));
    }

    [Fact]
    public void A_key_in_the_older_spelling_reads_as_the_key_itself_and_may_not_repeat_it()
    {
        var file = Write("legacy", "config:\n  recording-storage:config:production: false\n  streamstorage:config:apiKey: k\n");
        var twice = _project.WriteStack("twice", "config:\n  recording-storage:production: true\n  recording-storage:config:production: false\n");

        Assert.Equal("false", file.Get("recording-storage:production"));
        Assert.Equal(["production"], file.ToInput().ProjectKeys);
        Assert.True(file.ToInput().HasStreamApiKey);
        AssertReadRefused(twice, "recording-storage:production is set twice, as recording-storage:production and as recording-storage:config:production (line 3), which Pulumi reads as one key: keep one.");
    }

    [Fact]
    public void The_keys_Pulumi_reads_at_the_top_of_a_stack_file_are_accepted_and_others_named()
    {
        var file = Write("qa", "secretsprovider: passphrase\nencryptionsalt: v1:abc\nencryptedkey: xyz\nconfig:\n  aws:region: eu-west-1\n");
        var path = _project.WriteStack("typo", "secretprovider: passphrase\nconfig: {}\n");

        Assert.Equal("eu-west-1", file.Get("aws:region"));
        AssertReadRefused(path, "secretprovider is not a key of a stack file (line 1), which Pulumi would ignore: did you mean secretsprovider?");
    }

    [Fact]
    public void A_project_file_that_moves_the_stack_files_is_refused()
    {
        File.AppendAllText(_project.ProjectFile, "stackConfigDir: stacks\n");
        var path = _project.WriteStack("qa", "config: {}\n");

        AssertReadRefused(path, "stackConfigDir (line 3) makes Pulumi read stack files from another folder");
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("dev.eu_west-1", true)]
    [InlineData("a b", false)]
    public void The_stack_name_comes_from_the_file_name_and_follows_Pulumis_rule(string stack, bool accepted)
    {
        var path = _project.WriteStack(stack, "config: {}\n");

        if (accepted)
        {
            Assert.Equal(stack, StackFile.Read(path).StackName);
        }
        else
        {
            AssertReadRefused(path, $"the stack name \"{stack}\" (from the file name) is not one Pulumi accepts");
        }
    }

    [Fact]
    public void Nesting_is_accepted_up_to_the_limit_and_refused_one_level_past_it()
    {
        // The file's own map and config are the first two levels.
        var lists = ConfigValueLimits.MaxDepth - 2;
        var deepest = Write("deepest", $"config:\n  aws:defaultTags: {new string('[', lists)}{new string(']', lists)}\n");
        var path = _project.WriteStack("deeper", $"config:\n  aws:defaultTags: {new string('[', lists + 1)}{new string(']', lists + 1)}\n");

        Assert.Equal(new string('[', lists) + new string(']', lists), deepest.Get("aws:defaultTags"));
        Assert.Equal(JsonValueKind.Array, ConfigValue.Parse("aws:defaultTags", deepest.Get("aws:defaultTags")).ValueKind);
        AssertReadRefused(path, $"aws:defaultTags{string.Concat(Enumerable.Repeat("[0]", lists))} nests lists and maps more than {ConfigValueLimits.MaxDepth} deep");
    }

    [Fact]
    public void Values_are_accepted_up_to_the_limit_and_refused_one_past_it()
    {
        // The file's map, the key config, its map, the key k and its list are five values.
        var items = (int)ConfigValueLimits.MaxValues - 5;
        var reader = new StackYamlReader("Pulumi.qa.yaml");
        reader.Read($"config:\n  k: [{string.Join(',', Enumerable.Repeat('1', items))}]\n");

        Assert.Equal(ConfigValueLimits.MaxValues, reader.ValuesCounted);
        var error = Assert.Throws<StackConfigException>(() => new StackYamlReader("Pulumi.qa.yaml").Read($"config:\n  k: [{string.Join(',', Enumerable.Repeat('1', items + 1))}]\n"));
        Assert.Contains($"k[{items}] takes the file past", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_value_is_echoed_shortened()
    {
        var path = _project.WriteStack("qa", $"config:\n  aws:defaultTags:\n    {new string('k', 1000)}: !long{new string('t', 1000)} x\n");

        var error = AssertReadRefused(path, $"aws:defaultTags[\"{new string('k', TerminalText.EchoLength)}…\"] carries the YAML tag !long{new string('t', TerminalText.EchoLength - 5)}…");
        Assert.True(error.Message.Length < 400, error.Message);
    }

    /// <summary>Reading the file fails with an error that says <paramref name="expected"/>.</summary>
    private static StackConfigException AssertReadRefused(string path, string expected)
    {
        var error = Assert.Throws<StackConfigException>(() => StackFile.Read(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>Reading the stack file whose config holds <paramref name="config"/> fails with an error that says <paramref name="expected"/>.</summary>
    private void AssertConfigRefused(string config, string expected) =>
        AssertReadRefused(_project.WriteStack("qa", $"config:\n  {config}\n"), expected);

    private StackFile Write(string stack, string yaml)
    {
        return StackFile.Read(_project.WriteStack(stack, yaml));
    }
}
