using Pulumi;
using StreamStorage.Sdk;

namespace StreamStorage;

/// <summary>What the stack needs from a storage component of any cloud.</summary>
public interface IRecordingStorage
{
    /// <summary>The bucket, or for Azure the container, Stream writes into.</summary>
    Output<string> BucketName { get; }

    Output<string> ConsoleUrl { get; }

    /// <summary>Stream's name for the registered storage.</summary>
    Output<string> StreamStorageName { get; }

    /// <summary>
    /// Who Stream signs in as, for the doctor's credential-age check: the IAM user (S3 keys mode), the service
    /// account's email (GCS) or the Entra application's client id (Azure). Null when Stream holds no credential the
    /// stack issued (S3 policy mode, S3-compatible stores).
    /// </summary>
    Output<string>? StreamIdentity { get; }

    /// <summary>What <c>stream-storage doctor</c> needs to be told about this storage (<see cref="StackPlanning.DoctorArguments"/>).</summary>
    Output<string> DoctorArguments { get; }

    /// <summary>The storage as registered with Stream; call-type bindings come after it.</summary>
    ExternalStorage Registration { get; }
}
