using StorageRegistrar.Stream.Models;
using StreamStorage.Cli.Reports;

namespace StreamStorage.Cli.Tests;

/// <summary>The grouping behind <c>status</c>, on list responses shaped as Stream returns them (maps keyed by name).</summary>
public sealed class StatusReportTests
{
    private static ListExternalStorageResponse Storages(params string[] names) => new()
    {
        ExternalStorages = names.ToDictionary(n => n, n => new ExternalStorageResponse { Name = n, Type = "s3", Bucket = n + "-bucket", Path = "" }),
    };

    private static ListCallTypeResponse CallTypes(params (string Name, string? Storage)[] callTypes) => new()
    {
        CallTypes = callTypes.ToDictionary(c => c.Name, c => new CallTypeResponse { Name = c.Name, ExternalStorage = c.Storage }),
    };

    [Fact]
    public void No_storage_an_empty_one_and_stream_s3_all_fall_back_to_streams_own_storage()
    {
        var report = StatusReport.Build(Storages("acme"), CallTypes(("a", null), ("b", ""), ("c", "stream-s3"), ("d", "acme")));

        Assert.Equal(["a", "b", "c"], report.StreamDefaultCallTypes);
        Assert.Equal(["d"], Assert.Single(report.Storages).CallTypes);
        Assert.Empty(report.DanglingBindings);
    }

    [Fact]
    public void A_call_type_naming_a_storage_stream_does_not_list_is_dangling()
    {
        var report = StatusReport.Build(Storages("acme"), CallTypes(("default", "deleted-storage")));

        Assert.Equal(new DanglingBinding("default", "deleted-storage"), Assert.Single(report.DanglingBindings));
        Assert.Empty(Assert.Single(report.Storages).CallTypes);
        Assert.Empty(report.StreamDefaultCallTypes);
    }

    [Fact]
    public void Storages_are_listed_by_name()
    {
        var report = StatusReport.Build(Storages("zeta", "alpha", "mid"), CallTypes());

        Assert.Equal(["alpha", "mid", "zeta"], report.Storages.Select(s => s.Name));
    }
}
