using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalWorld;

/// <summary>A quiet web server on a free loopback port, answering every request with one handler: the cloud API stand-ins' host.</summary>
public static class LoopbackApi
{
    /// <param name="answer">Answers each request; it may be bound once the server exists, since no request comes before start returns.</param>
    /// <returns>The running app and the root it answers under, ending in '/'.</returns>
    public static async Task<(WebApplication App, Uri Endpoint)> StartAsync(RequestDelegate answer, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(answer);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
