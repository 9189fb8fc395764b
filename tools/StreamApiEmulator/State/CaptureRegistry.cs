using StreamApiEmulator.Pipeline;

namespace StreamApiEmulator.State;

/// <summary>A recording or transcription in progress, with the storage resolved when it started.</summary>
public sealed record ActiveCapture(string CallType, string CallId, string Kind, string Storage);

/// <summary>What each call is capturing; the control API's finish hook ends a capture and writes its files.</summary>
public sealed class CaptureRegistry
{
    public static readonly IReadOnlyList<string> Kinds = ["composite", "individual", "raw", "frame", "transcription"];

    private readonly Lock _lock = new();
    private readonly Dictionary<(string CallType, string CallId, string Kind), ActiveCapture> _captures = [];

    public void Start(ActiveCapture capture)
    {
        lock (_lock)
        {
            if (!_captures.TryAdd((capture.CallType, capture.CallId, capture.Kind), capture))
            {
                throw new StreamException(StreamErrorCode.InputError, $"{capture.Kind} is already in progress for call {capture.CallType}:{capture.CallId}");
            }
        }
    }

    public ActiveCapture? Finish(string callType, string callId, string kind)
    {
        lock (_lock)
        {
            return _captures.Remove((callType, callId, kind), out var capture) ? capture : null;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _captures.Clear();
        }
    }
}
