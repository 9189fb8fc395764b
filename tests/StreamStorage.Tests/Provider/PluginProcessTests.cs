using System.Globalization;
using System.Net.Sockets;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LocalWorld;
using Pulumi.Experimental.Provider;
using StorageRegistrar.Stream;
using TestSupport;

namespace StreamStorage.Tests.Provider;

/// <summary>
/// The plugin executable as the engine runs it: started with the engine's address, it prints its port
/// and serves Pulumi's ResourceProvider gRPC service. Messages are written by field number from
/// pulumirpc's provider.proto and plugin.proto, so that these tests need no generated client.
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class PluginProcessTests(ProviderFixture fixture) : IAsyncLifetime
{
    private const string Service = "pulumirpc.ResourceProvider";

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    // Stands in for the engine's address. It answers nothing: what the plugin logs to it is given up after the log's wait.
    private readonly TcpListener _engine = new(IPAddress.Loopback, 0);
    private EmulatorProcess? _plugin;
    private GrpcChannel? _channel;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string EngineAddress => "127.0.0.1:" + ((IPEndPoint)_engine.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        await fixture.Emulator.Control.ResetAsync(Ct);
        _engine.Start();

        var options = new EmulatorProcessOptions("dotnet", line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            DisplayName = "streamstorage plugin",
            WorkingDirectory = AppContext.BaseDirectory,
        };
        options.Arguments.Add(Path.Combine(AppContext.BaseDirectory, "pulumi-resource-streamstorage.dll"));
        options.Arguments.Add(EngineAddress);
        foreach (var variable in new[] { StreamClientOptions.ApiKeyVariable, StreamClientOptions.ApiSecretVariable, StreamClientOptions.BaseUrlVariable })
        {
            options.Environment[variable] = null;
        }

        _plugin = await EmulatorProcess.StartAsync(options, Ct);
        _channel = GrpcChannel.ForAddress("http://127.0.0.1:" + _plugin.ReadyLine);
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_plugin is not null)
        {
            await _plugin.DisposeAsync();
        }

        _engine.Dispose();
    }

    [Fact]
    public async Task The_plugin_reports_its_version_and_serves_the_schema()
    {
        var info = Fields(await CallAsync("GetPluginInfo", []));
        var schema = Fields(await CallAsync("GetSchema", []));

        Assert.Equal(BuildProperties.Version, info[1].ToStringUtf8());
        Assert.Equal(StorageRegistrar.Resources.ProviderSchema.ToJson(), schema[1].ToStringUtf8());
    }

    [Fact]
    public async Task Settings_from_Configure_outlive_the_provider_the_host_makes_again_on_attach()
    {
        var storage = await fixture.S3StorageAsync("rec-" + ProviderFixture.Suffix());
        var inProcess = await fixture.ConfiguredProviderAsync(new RecordingEngine());
        await inProcess.Create(new CreateRequest(ProviderProperties.StorageUrn(storage.Name), storage.ToProperties(), TimeSpan.Zero, preview: false), Ct);
        var read = Message(
            (1, ByteString.CopyFromUtf8(storage.Name)),
            (2, ByteString.CopyFromUtf8(ProviderProperties.StorageUrn(storage.Name).ToString())));

        var unconfigured = await Assert.ThrowsAsync<RpcException>(() => CallAsync("Read", read));
        await CallAsync("Configure", Message((2, EmulatorSettings().ToByteString())));
        await CallAsync("Attach", Message((1, ByteString.CopyFromUtf8(EngineAddress))));
        var response = Fields(await CallAsync("Read", read));

        Assert.Contains(StreamClientOptions.ApiKeyVariable, unconfigured.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(storage.Name, response[1].ToStringUtf8());
        Assert.Equal(storage.Bucket, Struct.Parser.ParseFrom(response[2]).Fields["bucket"].StringValue);
    }

    /// <summary>Provider configuration as the engine sends it in ConfigureRequest.args.</summary>
    private Struct EmulatorSettings() => new()
    {
        Fields =
        {
            ["apiKey"] = Value.ForString(fixture.Emulator.ApiKey),
            ["apiSecret"] = Value.ForString(fixture.Emulator.ApiSecret),
            ["baseUrl"] = Value.ForString(fixture.Emulator.BaseUrl.ToString()),
        },
    };

    private async Task<byte[]> CallAsync(string method, byte[] request)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, Service, method, Bytes, Bytes);
        return await _channel!.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(cancellationToken: Ct), request);
    }

    /// <summary>A message of length-delimited fields (strings, bytes, embedded messages).</summary>
    private static byte[] Message(params (int Field, ByteString Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            foreach (var (field, value) in fields)
            {
                output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(value);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The length-delimited fields of a response by number; the others are skipped.</summary>
    private static Dictionary<int, ByteString> Fields(byte[] message)
    {
        var fields = new Dictionary<int, ByteString>();
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields[WireFormat.GetTagFieldNumber(tag)] = input.ReadBytes();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }
}
