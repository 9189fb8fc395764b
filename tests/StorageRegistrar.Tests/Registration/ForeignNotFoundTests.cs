using System.Net;
using System.Text;
using StorageRegistrar.Registration;
using StorageRegistrar.Stream;

namespace StorageRegistrar.Tests.Registration;

/// <summary>
/// A 404 that is not Stream's (a proxy, a wrong base path) is an error, never "does not exist": refresh must not
/// drop a binding, nor delete report a storage gone, on an answer from something other than Stream.
/// </summary>
public sealed class ForeignNotFoundTests
{
    private const string EmptyCallTypes = """{"duration":"1ms","call_types":{}}""";
    private const string EmptyStorages = """{"duration":"1ms","external_storages":{}}""";

    private readonly ScriptedHandler _handler = new();

    [Fact]
    public async Task Reading_a_binding_fails_instead_of_reporting_the_call_type_gone()
    {
        _handler.Respond(HttpStatusCode.NotFound, null, ProxyPage);
        using var client = _handler.CreateClient("k", "foreign-secret-0123456789abcdefghijklmnopqrstuvwxyz");
        var registrar = new ExternalStorageRegistrar(client);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.ReadBindingAsync("default", TestContext.Current.CancellationToken));

        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public async Task Deleting_fails_instead_of_reporting_the_storage_already_gone()
    {
        _handler.Respond(HttpStatusCode.OK, EmptyCallTypes)
            .Respond(HttpStatusCode.NotFound, null, ProxyPage)
            .Respond(HttpStatusCode.OK, EmptyStorages);
        using var client = _handler.CreateClient("k", "foreign-secret-0123456789abcdefghijklmnopqrstuvwxyz");
        var registrar = new ExternalStorageRegistrar(client);

        var error = await Assert.ThrowsAsync<StreamApiException>(() => registrar.DeleteAsync("rec", seenAt: null, TestContext.Current.CancellationToken));

        Assert.Equal("DeleteExternalStorage", error.Operation);
        Assert.Equal(["GET", "DELETE"], _handler.Requests.Select(r => r.Method));
    }

    private static void ProxyPage(HttpResponseMessage response) =>
        response.Content = new StringContent("<html>404 Not Found</html>", Encoding.UTF8, "text/html");
}
