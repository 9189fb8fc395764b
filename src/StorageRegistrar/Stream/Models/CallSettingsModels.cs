using System.Text.Json;
using System.Text.Json.Serialization;

namespace StorageRegistrar.Stream.Models;

// Call settings and notification settings carried by call types (Stream OpenAPI v236).

public sealed record APNSPayload
{
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("sound")]
    public string? Sound { get; init; }

    [JsonPropertyName("content-available")]
    public int? ContentAvailable { get; init; }

    [JsonPropertyName("mutable-content")]
    public int? MutableContent { get; init; }

    [JsonPropertyName("data")]
    public IReadOnlyDictionary<string, JsonElement>? Data { get; init; }
}

public sealed record AudioSettingsRequest
{
    [JsonPropertyName("access_request_enabled")]
    public bool? AccessRequestEnabled { get; init; }

    [JsonPropertyName("opus_dtx_enabled")]
    public bool? OpusDtxEnabled { get; init; }

    [JsonPropertyName("redundant_coding_enabled")]
    public bool? RedundantCodingEnabled { get; init; }

    [JsonPropertyName("mic_default_on")]
    public bool? MicDefaultOn { get; init; }

    [JsonPropertyName("speaker_default_on")]
    public bool? SpeakerDefaultOn { get; init; }

    [JsonPropertyName("default_device")]
    public required string DefaultDevice { get; init; }

    [JsonPropertyName("noise_cancellation")]
    public NoiseCancellationSettings? NoiseCancellation { get; init; }

    [JsonPropertyName("hifi_audio_enabled")]
    public bool? HifiAudioEnabled { get; init; }
}

public sealed record AudioSettingsResponse
{
    [JsonPropertyName("access_request_enabled")]
    public bool AccessRequestEnabled { get; init; }

    [JsonPropertyName("opus_dtx_enabled")]
    public bool OpusDtxEnabled { get; init; }

    [JsonPropertyName("redundant_coding_enabled")]
    public bool RedundantCodingEnabled { get; init; }

    [JsonPropertyName("mic_default_on")]
    public bool MicDefaultOn { get; init; }

    [JsonPropertyName("speaker_default_on")]
    public bool SpeakerDefaultOn { get; init; }

    [JsonPropertyName("default_device")]
    public string DefaultDevice { get; init; } = "";

    [JsonPropertyName("noise_cancellation")]
    public NoiseCancellationSettings? NoiseCancellation { get; init; }

    [JsonPropertyName("hifi_audio_enabled")]
    public bool HifiAudioEnabled { get; init; }
}

public sealed record BackstageSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("join_ahead_time_seconds")]
    public int? JoinAheadTimeSeconds { get; init; }
}

public sealed record BackstageSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("join_ahead_time_seconds")]
    public int? JoinAheadTimeSeconds { get; init; }
}

public sealed record BroadcastSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("hls")]
    public HLSSettingsRequest? Hls { get; init; }

    [JsonPropertyName("rtmp")]
    public RTMPSettingsRequest? Rtmp { get; init; }
}

public sealed record BroadcastSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("hls")]
    public HLSSettingsResponse Hls { get; init; } = new();

    [JsonPropertyName("rtmp")]
    public RTMPSettingsResponse Rtmp { get; init; } = new();
}

public sealed record CallSettingsRequest
{
    [JsonPropertyName("audio")]
    public AudioSettingsRequest? Audio { get; init; }

    [JsonPropertyName("backstage")]
    public BackstageSettingsRequest? Backstage { get; init; }

    [JsonPropertyName("geofencing")]
    public GeofenceSettingsRequest? Geofencing { get; init; }

    [JsonPropertyName("video")]
    public VideoSettingsRequest? Video { get; init; }

    [JsonPropertyName("recording")]
    public RecordSettingsRequest? Recording { get; init; }

    [JsonPropertyName("individual_recording")]
    public IndividualRecordingSettingsRequest? IndividualRecording { get; init; }

    [JsonPropertyName("raw_recording")]
    public RawRecordingSettingsRequest? RawRecording { get; init; }

    [JsonPropertyName("frame_recording")]
    public FrameRecordingSettingsRequest? FrameRecording { get; init; }

    [JsonPropertyName("ring")]
    public RingSettingsRequest? Ring { get; init; }

    [JsonPropertyName("screensharing")]
    public ScreensharingSettingsRequest? Screensharing { get; init; }

    [JsonPropertyName("transcription")]
    public TranscriptionSettingsRequest? Transcription { get; init; }

    [JsonPropertyName("broadcasting")]
    public BroadcastSettingsRequest? Broadcasting { get; init; }

    [JsonPropertyName("thumbnails")]
    public ThumbnailsSettingsRequest? Thumbnails { get; init; }

    [JsonPropertyName("limits")]
    public LimitsSettingsRequest? Limits { get; init; }

    [JsonPropertyName("session")]
    public SessionSettingsRequest? Session { get; init; }

    [JsonPropertyName("ingress")]
    public IngressSettingsRequest? Ingress { get; init; }

    [JsonPropertyName("encryption")]
    public EncryptionSettingsRequest? Encryption { get; init; }
}

public sealed record CallSettingsResponse
{
    [JsonPropertyName("audio")]
    public AudioSettingsResponse Audio { get; init; } = new();

    [JsonPropertyName("backstage")]
    public BackstageSettingsResponse Backstage { get; init; } = new();

    [JsonPropertyName("broadcasting")]
    public BroadcastSettingsResponse Broadcasting { get; init; } = new();

    [JsonPropertyName("geofencing")]
    public GeofenceSettingsResponse Geofencing { get; init; } = new();

    [JsonPropertyName("recording")]
    public RecordSettingsResponse Recording { get; init; } = new();

    [JsonPropertyName("individual_recording")]
    public IndividualRecordingSettingsResponse IndividualRecording { get; init; } = new();

    [JsonPropertyName("raw_recording")]
    public RawRecordingSettingsResponse RawRecording { get; init; } = new();

    [JsonPropertyName("frame_recording")]
    public FrameRecordingSettingsResponse FrameRecording { get; init; } = new();

    [JsonPropertyName("ring")]
    public RingSettingsResponse Ring { get; init; } = new();

    [JsonPropertyName("screensharing")]
    public ScreensharingSettingsResponse Screensharing { get; init; } = new();

    [JsonPropertyName("transcription")]
    public TranscriptionSettingsResponse Transcription { get; init; } = new();

    [JsonPropertyName("video")]
    public VideoSettingsResponse Video { get; init; } = new();

    [JsonPropertyName("thumbnails")]
    public ThumbnailsSettingsResponse Thumbnails { get; init; } = new();

    [JsonPropertyName("limits")]
    public LimitsSettingsResponse Limits { get; init; } = new();

    [JsonPropertyName("session")]
    public SessionSettingsResponse Session { get; init; } = new();

    [JsonPropertyName("ingress")]
    public IngressSettingsResponse? Ingress { get; init; }

    [JsonPropertyName("encryption")]
    public EncryptionSettingsResponse Encryption { get; init; } = new();
}

public sealed record EncryptionSettingsRequest
{
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }
}

public sealed record EncryptionSettingsResponse
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";
}

public sealed record EventNotificationSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("apns")]
    public APNSPayload? Apns { get; init; }

    [JsonPropertyName("fcm")]
    public FCMPayload? Fcm { get; init; }
}

public sealed record EventNotificationSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("apns")]
    public APNSPayload Apns { get; init; } = new();

    [JsonPropertyName("fcm")]
    public FCMPayload Fcm { get; init; } = new();
}

public sealed record FCMPayload
{
    [JsonPropertyName("data")]
    public IReadOnlyDictionary<string, JsonElement>? Data { get; init; }
}

public sealed record FrameRecordingSettingsRequest
{
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("quality")]
    public string? Quality { get; init; }

    [JsonPropertyName("capture_interval_in_seconds")]
    public required int CaptureIntervalInSeconds { get; init; }
}

public sealed record FrameRecordingSettingsResponse
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";

    [JsonPropertyName("quality")]
    public string? Quality { get; init; }

    [JsonPropertyName("capture_interval_in_seconds")]
    public int CaptureIntervalInSeconds { get; init; }
}

public sealed record GeofenceSettingsRequest
{
    [JsonPropertyName("names")]
    public IReadOnlyList<string>? Names { get; init; }
}

public sealed record GeofenceSettingsResponse
{
    [JsonPropertyName("names")]
    public IReadOnlyList<string> Names { get; init; } = [];
}

public sealed record HLSSettingsRequest
{
    [JsonPropertyName("auto_on")]
    public bool? AutoOn { get; init; }

    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("quality_tracks")]
    public required IReadOnlyList<string> QualityTracks { get; init; }

    [JsonPropertyName("layout")]
    public LayoutSettingsRequest? Layout { get; init; }
}

public sealed record HLSSettingsResponse
{
    [JsonPropertyName("auto_on")]
    public bool AutoOn { get; init; }

    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("quality_tracks")]
    public IReadOnlyList<string> QualityTracks { get; init; } = [];

    [JsonPropertyName("layout")]
    public LayoutSettingsResponse Layout { get; init; } = new();
}

public sealed record IndividualRecordingSettingsRequest
{
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("output_types")]
    public IReadOnlyList<string>? OutputTypes { get; init; }
}

public sealed record IndividualRecordingSettingsResponse
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";

    [JsonPropertyName("output_types")]
    public IReadOnlyList<string>? OutputTypes { get; init; }
}

public sealed record IngressAudioEncodingOptionsRequest
{
    [JsonPropertyName("channels")]
    public required int Channels { get; init; }

    [JsonPropertyName("enable_dtx")]
    public bool? EnableDtx { get; init; }

    [JsonPropertyName("bitrate")]
    public required int Bitrate { get; init; }
}

public sealed record IngressAudioEncodingResponse
{
    [JsonPropertyName("channels")]
    public int Channels { get; init; }

    [JsonPropertyName("enable_dtx")]
    public bool EnableDtx { get; init; }

    [JsonPropertyName("bitrate")]
    public int Bitrate { get; init; }
}

public sealed record IngressSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("audio_encoding_options")]
    public IngressAudioEncodingOptionsRequest? AudioEncodingOptions { get; init; }

    [JsonPropertyName("video_encoding_options")]
    public IReadOnlyDictionary<string, IngressVideoEncodingOptionsRequest>? VideoEncodingOptions { get; init; }
}

public sealed record IngressSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("audio_encoding_options")]
    public IngressAudioEncodingResponse? AudioEncodingOptions { get; init; }

    [JsonPropertyName("video_encoding_options")]
    public IReadOnlyDictionary<string, IngressVideoEncodingResponse>? VideoEncodingOptions { get; init; }
}

public sealed record IngressSourceRequest
{
    [JsonPropertyName("height")]
    public required int Height { get; init; }

    [JsonPropertyName("width")]
    public required int Width { get; init; }

    [JsonPropertyName("fps")]
    public required int Fps { get; init; }
}

public sealed record IngressSourceResponse
{
    [JsonPropertyName("width")]
    public int Width { get; init; }

    [JsonPropertyName("height")]
    public int Height { get; init; }

    [JsonPropertyName("fps")]
    public int Fps { get; init; }
}

public sealed record IngressVideoEncodingOptionsRequest
{
    [JsonPropertyName("source")]
    public required IngressSourceRequest Source { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<IngressVideoLayerRequest> Layers { get; init; }
}

public sealed record IngressVideoEncodingResponse
{
    [JsonPropertyName("source")]
    public IngressSourceResponse Source { get; init; } = new();

    [JsonPropertyName("layers")]
    public IReadOnlyList<IngressVideoLayerResponse> Layers { get; init; } = [];
}

public sealed record IngressVideoLayerRequest
{
    [JsonPropertyName("codec")]
    public required string Codec { get; init; }

    [JsonPropertyName("bitrate")]
    public required int Bitrate { get; init; }

    [JsonPropertyName("min_dimension")]
    public required int MinDimension { get; init; }

    [JsonPropertyName("max_dimension")]
    public required int MaxDimension { get; init; }

    [JsonPropertyName("frame_rate_limit")]
    public required int FrameRateLimit { get; init; }
}

public sealed record IngressVideoLayerResponse
{
    [JsonPropertyName("codec")]
    public string Codec { get; init; } = "";

    [JsonPropertyName("bitrate")]
    public int Bitrate { get; init; }

    [JsonPropertyName("min_dimension")]
    public int MinDimension { get; init; }

    [JsonPropertyName("max_dimension")]
    public int MaxDimension { get; init; }

    [JsonPropertyName("frame_rate_limit")]
    public int FrameRateLimit { get; init; }
}

public sealed record LayoutSettingsRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyDictionary<string, JsonElement>? Options { get; init; }

    [JsonPropertyName("external_app_url")]
    public string? ExternalAppUrl { get; init; }

    [JsonPropertyName("external_css_url")]
    public string? ExternalCssUrl { get; init; }

    [JsonPropertyName("detect_orientation")]
    public bool? DetectOrientation { get; init; }
}

public sealed record LayoutSettingsResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("options")]
    public IReadOnlyDictionary<string, JsonElement>? Options { get; init; }

    [JsonPropertyName("external_app_url")]
    public string ExternalAppUrl { get; init; } = "";

    [JsonPropertyName("external_css_url")]
    public string ExternalCssUrl { get; init; } = "";

    [JsonPropertyName("detect_orientation")]
    public bool? DetectOrientation { get; init; }
}

public sealed record LimitsSettingsRequest
{
    [JsonPropertyName("max_participants")]
    public int? MaxParticipants { get; init; }

    [JsonPropertyName("max_participants_exclude_roles")]
    public IReadOnlyList<string>? MaxParticipantsExcludeRoles { get; init; }

    [JsonPropertyName("max_participants_exclude_owner")]
    public bool? MaxParticipantsExcludeOwner { get; init; }

    [JsonPropertyName("max_duration_seconds")]
    public int? MaxDurationSeconds { get; init; }
}

public sealed record LimitsSettingsResponse
{
    [JsonPropertyName("max_participants")]
    public int? MaxParticipants { get; init; }

    [JsonPropertyName("max_participants_exclude_roles")]
    public IReadOnlyList<string> MaxParticipantsExcludeRoles { get; init; } = [];

    [JsonPropertyName("max_participants_exclude_owner")]
    public bool? MaxParticipantsExcludeOwner { get; init; }

    [JsonPropertyName("max_duration_seconds")]
    public int? MaxDurationSeconds { get; init; }
}

public sealed record NoiseCancellationSettings
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";
}

public sealed record NotificationSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("call_live_started")]
    public EventNotificationSettingsRequest? CallLiveStarted { get; init; }

    [JsonPropertyName("session_started")]
    public EventNotificationSettingsRequest? SessionStarted { get; init; }

    [JsonPropertyName("call_notification")]
    public EventNotificationSettingsRequest? CallNotification { get; init; }

    [JsonPropertyName("call_ring")]
    public EventNotificationSettingsRequest? CallRing { get; init; }

    [JsonPropertyName("call_missed")]
    public EventNotificationSettingsRequest? CallMissed { get; init; }
}

public sealed record NotificationSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("call_live_started")]
    public EventNotificationSettingsResponse CallLiveStarted { get; init; } = new();

    [JsonPropertyName("session_started")]
    public EventNotificationSettingsResponse SessionStarted { get; init; } = new();

    [JsonPropertyName("call_notification")]
    public EventNotificationSettingsResponse CallNotification { get; init; } = new();

    [JsonPropertyName("call_ring")]
    public EventNotificationSettingsResponse CallRing { get; init; } = new();

    [JsonPropertyName("call_missed")]
    public EventNotificationSettingsResponse CallMissed { get; init; } = new();
}

public sealed record PrivacySettingsResponse
{
    [JsonPropertyName("typing_indicators")]
    public TypingIndicatorsResponse? TypingIndicators { get; init; }

    [JsonPropertyName("read_receipts")]
    public ReadReceiptsResponse? ReadReceipts { get; init; }

    [JsonPropertyName("delivery_receipts")]
    public DeliveryReceiptsResponse? DeliveryReceipts { get; init; }
}

public sealed record PushNotificationSettingsResponse
{
    [JsonPropertyName("disabled")]
    public bool? Disabled { get; init; }

    [JsonPropertyName("disabled_until")]
    public DateTimeOffset? DisabledUntil { get; init; }
}

public sealed record RTMPSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("quality")]
    public string? Quality { get; init; }

    [JsonPropertyName("layout")]
    public LayoutSettingsRequest? Layout { get; init; }
}

public sealed record RTMPSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("quality")]
    public string Quality { get; init; } = "";

    [JsonPropertyName("layout")]
    public LayoutSettingsResponse Layout { get; init; } = new();
}

public sealed record RawRecordingSettingsRequest
{
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("audio_only")]
    public bool? AudioOnly { get; init; }
}

public sealed record RawRecordingSettingsResponse
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";

    [JsonPropertyName("audio_only")]
    public bool? AudioOnly { get; init; }
}

public sealed record RecordSettingsRequest
{
    [JsonPropertyName("audio_only")]
    public bool? AudioOnly { get; init; }

    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("quality")]
    public string? Quality { get; init; }

    [JsonPropertyName("layout")]
    public LayoutSettingsRequest? Layout { get; init; }
}

public sealed record RecordSettingsResponse
{
    [JsonPropertyName("audio_only")]
    public bool AudioOnly { get; init; }

    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";

    [JsonPropertyName("quality")]
    public string Quality { get; init; } = "";

    [JsonPropertyName("layout")]
    public LayoutSettingsResponse Layout { get; init; } = new();
}

public sealed record RingSettingsRequest
{
    [JsonPropertyName("incoming_call_timeout_ms")]
    public required int IncomingCallTimeoutMs { get; init; }

    [JsonPropertyName("auto_cancel_timeout_ms")]
    public required int AutoCancelTimeoutMs { get; init; }

    [JsonPropertyName("missed_call_timeout_ms")]
    public int? MissedCallTimeoutMs { get; init; }
}

public sealed record RingSettingsResponse
{
    [JsonPropertyName("incoming_call_timeout_ms")]
    public int IncomingCallTimeoutMs { get; init; }

    [JsonPropertyName("auto_cancel_timeout_ms")]
    public int AutoCancelTimeoutMs { get; init; }

    [JsonPropertyName("missed_call_timeout_ms")]
    public int MissedCallTimeoutMs { get; init; }
}

public sealed record ScreensharingSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("access_request_enabled")]
    public bool? AccessRequestEnabled { get; init; }

    [JsonPropertyName("target_resolution")]
    public TargetResolution? TargetResolution { get; init; }
}

public sealed record ScreensharingSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("access_request_enabled")]
    public bool AccessRequestEnabled { get; init; }

    [JsonPropertyName("target_resolution")]
    public TargetResolution? TargetResolution { get; init; }
}

public sealed record SessionSettingsRequest
{
    [JsonPropertyName("inactivity_timeout_seconds")]
    public required int InactivityTimeoutSeconds { get; init; }
}

public sealed record SessionSettingsResponse
{
    [JsonPropertyName("inactivity_timeout_seconds")]
    public int InactivityTimeoutSeconds { get; init; }
}

public sealed record TargetResolution
{
    [JsonPropertyName("width")]
    public int Width { get; init; }

    [JsonPropertyName("height")]
    public int Height { get; init; }

    [JsonPropertyName("bitrate")]
    public int? Bitrate { get; init; }
}

public sealed record ThumbnailsSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}

public sealed record ThumbnailsSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }
}

public sealed record TranscriptionSettingsRequest
{
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("closed_caption_mode")]
    public string? ClosedCaptionMode { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }

    [JsonPropertyName("translation")]
    public TranslationSettings? Translation { get; init; }

    [JsonPropertyName("speech_segment_config")]
    public SpeechSegmentConfig? SpeechSegmentConfig { get; init; }
}

public sealed record TranscriptionSettingsResponse
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "";

    [JsonPropertyName("closed_caption_mode")]
    public string ClosedCaptionMode { get; init; } = "";

    [JsonPropertyName("language")]
    public string Language { get; init; } = "";

    [JsonPropertyName("translation")]
    public TranslationSettings? Translation { get; init; }

    [JsonPropertyName("speech_segment_config")]
    public SpeechSegmentConfig? SpeechSegmentConfig { get; init; }
}

public sealed record TranslationSettings
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("languages")]
    public IReadOnlyList<string>? Languages { get; init; }
}

public sealed record VideoSettingsRequest
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    [JsonPropertyName("access_request_enabled")]
    public bool? AccessRequestEnabled { get; init; }

    [JsonPropertyName("target_resolution")]
    public TargetResolution? TargetResolution { get; init; }

    [JsonPropertyName("camera_default_on")]
    public bool? CameraDefaultOn { get; init; }

    [JsonPropertyName("camera_facing")]
    public string? CameraFacing { get; init; }
}

public sealed record VideoSettingsResponse
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("access_request_enabled")]
    public bool AccessRequestEnabled { get; init; }

    [JsonPropertyName("target_resolution")]
    public TargetResolution TargetResolution { get; init; } = new();

    [JsonPropertyName("camera_default_on")]
    public bool CameraDefaultOn { get; init; }

    [JsonPropertyName("camera_facing")]
    public string CameraFacing { get; init; } = "";
}
