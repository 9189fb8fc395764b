using System.Text.Json;
using System.Text.Json.Serialization;
using StorageRegistrar.Declarations;

namespace StorageRegistrar.Stream.Models;

// Call, user and egress shapes returned by go-live (Stream OpenAPI v236).

public sealed record CallIngressResponse
{
    [JsonPropertyName("rtmp")]
    public RTMPIngress Rtmp { get; init; } = new();

    [JsonPropertyName("whip")]
    public WHIPIngress Whip { get; init; } = new();

    [JsonPropertyName("srt")]
    public SRTIngress Srt { get; init; } = new();
}

public sealed record CallParticipantResponse
{
    [JsonPropertyName("user")]
    public UserResponse User { get; init; } = new();

    [JsonPropertyName("user_session_id")]
    public string UserSessionId { get; init; } = "";

    [JsonPropertyName("role")]
    public string Role { get; init; } = "";

    [JsonPropertyName("joined_at")]
    public DateTimeOffset JoinedAt { get; init; }
}

public sealed record CallResponse
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("cid")]
    public string Cid { get; init; } = "";

    [JsonPropertyName("current_session_id")]
    public string CurrentSessionId { get; init; } = "";

    [JsonPropertyName("team")]
    public string? Team { get; init; }

    [JsonPropertyName("created_by")]
    public UserResponse CreatedBy { get; init; } = new();

    [JsonPropertyName("custom")]
    public IReadOnlyDictionary<string, JsonElement> Custom { get; init; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("recording")]
    public bool Recording { get; init; }

    [JsonPropertyName("transcribing")]
    public bool Transcribing { get; init; }

    [JsonPropertyName("captioning")]
    public bool Captioning { get; init; }

    [JsonPropertyName("translating")]
    public bool Translating { get; init; }

    [JsonPropertyName("ended_at")]
    public DateTimeOffset? EndedAt { get; init; }

    [JsonPropertyName("starts_at")]
    public DateTimeOffset? StartsAt { get; init; }

    [JsonPropertyName("backstage")]
    public bool Backstage { get; init; }

    [JsonPropertyName("settings")]
    public CallSettingsResponse Settings { get; init; } = new();

    [JsonPropertyName("blocked_user_ids")]
    public IReadOnlyList<string> BlockedUserIds { get; init; } = [];

    [JsonPropertyName("ingress")]
    public CallIngressResponse Ingress { get; init; } = new();

    [JsonPropertyName("session")]
    public CallSessionResponse? Session { get; init; }

    [JsonPropertyName("egress")]
    public EgressResponse Egress { get; init; } = new();

    [JsonPropertyName("thumbnails")]
    public ThumbnailResponse? Thumbnails { get; init; }

    [JsonPropertyName("join_ahead_time_seconds")]
    public int? JoinAheadTimeSeconds { get; init; }

    [JsonPropertyName("channel_cid")]
    public string? ChannelCid { get; init; }

    [JsonPropertyName("routing_number")]
    public string? RoutingNumber { get; init; }
}

public sealed record CallSessionResponse
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("started_at")]
    public DateTimeOffset? StartedAt { get; init; }

    [JsonPropertyName("ended_at")]
    public DateTimeOffset? EndedAt { get; init; }

    [JsonPropertyName("participants")]
    public IReadOnlyList<CallParticipantResponse> Participants { get; init; } = [];

    [JsonPropertyName("participants_count_by_role")]
    public IReadOnlyDictionary<string, int> ParticipantsCountByRole { get; init; } = new Dictionary<string, int>();

    [JsonPropertyName("anonymous_participant_count")]
    public int AnonymousParticipantCount { get; init; }

    [JsonPropertyName("rejected_by")]
    public IReadOnlyDictionary<string, DateTimeOffset> RejectedBy { get; init; } = new Dictionary<string, DateTimeOffset>();

    [JsonPropertyName("accepted_by")]
    public IReadOnlyDictionary<string, DateTimeOffset> AcceptedBy { get; init; } = new Dictionary<string, DateTimeOffset>();

    [JsonPropertyName("missed_by")]
    public IReadOnlyDictionary<string, DateTimeOffset> MissedBy { get; init; } = new Dictionary<string, DateTimeOffset>();

    [JsonPropertyName("live_started_at")]
    public DateTimeOffset? LiveStartedAt { get; init; }

    [JsonPropertyName("live_ended_at")]
    public DateTimeOffset? LiveEndedAt { get; init; }

    [JsonPropertyName("timer_ends_at")]
    public DateTimeOffset? TimerEndsAt { get; init; }
}

public sealed record CompositeRecordingResponse
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

public sealed record DeliveryReceiptsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }
}

public sealed record DeviceResponse
{
    [JsonPropertyName("push_provider")]
    public string PushProvider { get; init; } = "";

    [JsonPropertyName("push_provider_name")]
    public string? PushProviderName { get; init; }

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; init; }

    [JsonPropertyName("disabled_reason")]
    public string? DisabledReason { get; init; }

    [JsonPropertyName("voip")]
    public bool? Voip { get; init; }

    [JsonPropertyName("hardware_id")]
    public string? HardwareId { get; init; }

    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";
}

public sealed record EgressHLSResponse
{
    [JsonPropertyName("playlist_url")]
    public string PlaylistUrl { get; init; } = "";

    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

public sealed record EgressRTMPResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("stream_url")]
    public string? StreamUrl { get; init; }

    [JsonPropertyName("stream_key")]
    public SecretString? StreamKey { get; init; }

    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; }
}

public sealed record EgressResponse
{
    [JsonPropertyName("broadcasting")]
    public bool Broadcasting { get; init; }

    [JsonPropertyName("hls")]
    public EgressHLSResponse? Hls { get; init; }

    [JsonPropertyName("rtmps")]
    public IReadOnlyList<EgressRTMPResponse> Rtmps { get; init; } = [];

    [JsonPropertyName("frame_recording")]
    public FrameRecordingResponse? FrameRecording { get; init; }

    [JsonPropertyName("composite_recording")]
    public CompositeRecordingResponse? CompositeRecording { get; init; }

    [JsonPropertyName("individual_recording")]
    public IndividualRecordingResponse? IndividualRecording { get; init; }

    [JsonPropertyName("raw_recording")]
    public RawRecordingResponse? RawRecording { get; init; }
}

public sealed record FrameRecordingResponse
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

public sealed record IndividualRecordingResponse
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

public sealed record RTMPIngress
{
    [JsonPropertyName("address")]
    public string Address { get; init; } = "";
}

public sealed record RawRecordingResponse
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

public sealed record ReadReceiptsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }
}

public sealed record SRTIngress
{
    [JsonPropertyName("address")]
    public string Address { get; init; } = "";
}

public sealed record ThumbnailResponse
{
    [JsonPropertyName("image_url")]
    public string ImageUrl { get; init; } = "";
}

public sealed record TypingIndicatorsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }
}

public sealed record UserResponse
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("image")]
    public string? Image { get; init; }

    [JsonPropertyName("custom")]
    public IReadOnlyDictionary<string, JsonElement> Custom { get; init; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("language")]
    public string Language { get; init; } = "";

    [JsonPropertyName("role")]
    public string Role { get; init; } = "";

    [JsonPropertyName("teams")]
    public IReadOnlyList<string> Teams { get; init; } = [];

    [JsonPropertyName("teams_role")]
    public IReadOnlyDictionary<string, string>? TeamsRole { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("deleted_at")]
    public DateTimeOffset? DeletedAt { get; init; }

    [JsonPropertyName("banned")]
    public bool Banned { get; init; }

    [JsonPropertyName("online")]
    public bool Online { get; init; }

    [JsonPropertyName("last_active")]
    public DateTimeOffset? LastActive { get; init; }

    [JsonPropertyName("revoke_tokens_issued_before")]
    public DateTimeOffset? RevokeTokensIssuedBefore { get; init; }

    [JsonPropertyName("deactivated_at")]
    public DateTimeOffset? DeactivatedAt { get; init; }

    [JsonPropertyName("blocked_user_ids")]
    public IReadOnlyList<string> BlockedUserIds { get; init; } = [];

    [JsonPropertyName("avg_response_time")]
    public int? AvgResponseTime { get; init; }

    [JsonPropertyName("shadow_banned")]
    public bool ShadowBanned { get; init; }

    [JsonPropertyName("bypass_moderation")]
    public bool? BypassModeration { get; init; }

    [JsonPropertyName("ban_expires")]
    public DateTimeOffset? BanExpires { get; init; }

    [JsonPropertyName("push_notifications")]
    public PushNotificationSettingsResponse? PushNotifications { get; init; }

    [JsonPropertyName("privacy_settings")]
    public PrivacySettingsResponse? PrivacySettings { get; init; }

    [JsonPropertyName("devices")]
    public IReadOnlyList<DeviceResponse>? Devices { get; init; }

    [JsonPropertyName("invisible")]
    public bool Invisible { get; init; }
}

public sealed record WHIPIngress
{
    [JsonPropertyName("address")]
    public string Address { get; init; } = "";
}
