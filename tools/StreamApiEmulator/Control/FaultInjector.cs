using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamApiEmulator.Control;

public enum FaultKind
{
    /// <summary>Delay the response by <c>latency_ms</c>, then answer normally.</summary>
    Latency,

    /// <summary>Answer 429 / code 9 with <c>X-RateLimit-Reset</c> (and <c>Retry-After</c> when asked).</summary>
    RateLimit,

    /// <summary>Answer <c>status_code</c> (5xx, default 500) / code -1.</summary>
    ServerError,

    /// <summary>Answer <c>status_code</c> (4xx or 5xx) with <c>body</c> verbatim: an error body off Stream's spec, for testing a client's tolerance.</summary>
    ErrorBody,

    /// <summary>Abort the connection without a response.</summary>
    DropConnection,

    /// <summary>Carry the request out, then abort the connection without its answer: a write the client cannot know was made.</summary>
    LostAnswer,

    /// <summary>Storages created while active stay out of the list, and "do not exist" on delete, for <c>delay_seconds</c>.</summary>
    EventualConsistency,

    /// <summary>The check answers the cloud's access-denied error, as while a new grant propagates.</summary>
    CheckFailure,

    /// <summary>The check answers success without a <c>file_url</c> and writes nothing: a shape Stream is not known to give, which a client must refuse clearly.</summary>
    CheckWithoutFileUrl,
}

/// <summary>Faults switched on per test through the control API; reset clears them.</summary>
public sealed class FaultInjector
{
    private static readonly Dictionary<string, FaultKind> KindsByWireName = new(StringComparer.Ordinal)
    {
        ["latency"] = FaultKind.Latency,
        ["rate_limit"] = FaultKind.RateLimit,
        ["server_error"] = FaultKind.ServerError,
        ["error_body"] = FaultKind.ErrorBody,
        ["drop_connection"] = FaultKind.DropConnection,
        ["lost_answer"] = FaultKind.LostAnswer,
        ["eventual_consistency"] = FaultKind.EventualConsistency,
        ["check_failure"] = FaultKind.CheckFailure,
        ["check_without_file_url"] = FaultKind.CheckWithoutFileUrl,
    };

    private const string InjectedItemKey = "StreamApiEmulator.InjectedFaults";

    private readonly Lock _lock = new();
    private readonly List<ActiveFault> _faults = [];
    private int _nextId;

    public sealed class ActiveFault
    {
        public required string Id { get; init; }
        public required FaultKind Kind { get; init; }
        public string? Operation { get; init; }
        public string? Method { get; init; }
        public Regex? PathPattern { get; init; }
        public int? RemainingTimes { get; set; }
        public int LatencyMs { get; init; }
        public int StatusCode { get; init; }
        public int RetryAfterSeconds { get; init; }
        public bool RetryAfterHeader { get; init; }
        public TimeSpan Delay { get; init; }
        public string Body { get; init; } = "";

        public bool Matches(string operation, string method, string path) =>
            (Operation is null || string.Equals(Operation, operation, StringComparison.OrdinalIgnoreCase)) &&
            (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
            (PathPattern is null || PathPattern.IsMatch(path));
    }

    /// <summary>Validates and activates a fault; returns its id, or throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public string Add(FaultSpec spec)
    {
        if (spec.Kind is null || !KindsByWireName.TryGetValue(spec.Kind, out var kind))
        {
            throw new ArgumentException($"kind must be one of [{string.Join(' ', KindsByWireName.Keys)}]");
        }

        if (spec.Times is < 1)
        {
            throw new ArgumentException("times must be at least 1 (omit it for a fault that lasts until reset)");
        }

        var fault = new ActiveFault
        {
            Id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            Kind = kind,
            Operation = spec.Operation,
            Method = spec.Method,
            PathPattern = spec.Path is null ? null : GlobToRegex(spec.Path),
            RemainingTimes = spec.Times,
            LatencyMs = kind == FaultKind.Latency ? Positive(spec.LatencyMs, "latency_ms") : 0,
            StatusCode = kind switch
            {
                FaultKind.ServerError => ServerStatus(spec.StatusCode),
                FaultKind.ErrorBody => ErrorStatus(spec.StatusCode),
                _ => 0,
            },
            RetryAfterSeconds = spec.RetryAfterSeconds ?? 1,
            RetryAfterHeader = spec.RetryAfterHeader ?? false,
            Delay = kind == FaultKind.EventualConsistency
                ? TimeSpan.FromSeconds(spec.DelaySeconds is > 0 ? spec.DelaySeconds.Value : throw new ArgumentException("delay_seconds must be a positive number of seconds"))
                : TimeSpan.Zero,
            Body = kind == FaultKind.ErrorBody ? spec.Body ?? throw new ArgumentException("body must be the text to answer") : "",
        };

        lock (_lock)
        {
            _faults.Add(fault);
        }

        return fault.Id;
    }

    /// <summary>
    /// Consumes one use of every active fault of the given kinds that matches the request, and notes them on
    /// the request (<see cref="InjectedInto"/>) for the request log.
    /// </summary>
    public IReadOnlyList<ActiveFault> Take(string operation, HttpRequest request, params FaultKind[] kinds)
    {
        var path = request.Path.Value ?? string.Empty;
        lock (_lock)
        {
            var hits = _faults.Where(f => kinds.Contains(f.Kind) && f.Matches(operation, request.Method, path)).ToList();
            foreach (var hit in hits)
            {
                if (hit.RemainingTimes is int remaining)
                {
                    hit.RemainingTimes = remaining - 1;
                }
            }

            _faults.RemoveAll(f => f.RemainingTimes == 0);
            if (hits.Count > 0)
            {
                var names = hits.Select(h => KindsByWireName.First(k => k.Value == h.Kind).Key);
                request.HttpContext.Items[InjectedItemKey] = InjectedInto(request.HttpContext) is { } earlier
                    ? $"{earlier},{string.Join(',', names)}"
                    : string.Join(',', names);
            }

            return hits;
        }
    }

    /// <summary>The wire names of the faults injected into this request, comma-separated; null when none was.</summary>
    public static string? InjectedInto(HttpContext context) => context.Items.TryGetValue(InjectedItemKey, out var names) ? names as string : null;

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    private static Regex GlobToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);

    private static int Positive(int? value, string field) =>
        value is > 0 ? value.Value : throw new ArgumentException($"{field} must be a positive integer");

    private static int ServerStatus(int? status) =>
        status switch
        {
            null => 500,
            >= 500 and <= 599 => status.Value,
            _ => throw new ArgumentException("status_code must be a 5xx status"),
        };

    private static int ErrorStatus(int? status) =>
        status is >= 400 and <= 599 ? status.Value : throw new ArgumentException("status_code must be a 4xx or 5xx status");
}
