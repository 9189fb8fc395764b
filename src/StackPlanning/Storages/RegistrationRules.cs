using StorageRegistrar.Declarations;
using StorageRegistrar.Validation;
using Keys = StackPlanning.ConfigKeys.Storage;

namespace StackPlanning.Storages;

/// <summary>
/// The storage name, its path, the bucket and (for S3-compatible stores) the region and keys go to Stream as
/// they are, so they must pass the very checks registration applies (<see cref="DeclarationValidator"/>).
/// </summary>
internal static class RegistrationRules
{
    public static void Check(StorageReader reader, StorageConfig storage)
    {
        var cloud = reader.Cloud;
        var bucketKey = cloud == Cloud.S3Compatible ? Keys.Bucket : Keys.ExistingBucket;
        var bucket = storage.ExistingBucket ?? cloud switch
        {
            Cloud.S3 or Cloud.Gcs => ResourceNames.BucketName(reader.StackName, storage.Name, ResourceNames.SampleSuffix),
            Cloud.Abs => ResourceNames.AzureContainerName,
            _ => null,
        };
        var declaration = new StorageDeclaration
        {
            Name = storage.Name,
            StorageType = cloud is { } c ? StackConfigParser.StorageTypeOf(c) : null,
            Bucket = bucket,
            Path = storage.Path,
            AwsS3 = cloud == Cloud.S3Compatible && storage.Endpoint is not null
                ? new S3Settings { Region = storage.Region, ApiKey = storage.AccessKeyId?.Reveal(), Secret = storage.SecretAccessKey, CustomEndpointUrl = storage.Endpoint }
                : null,
        };
        foreach (var problem in DeclarationValidator.Validate(declaration).Problems)
        {
            switch (problem.Field)
            {
                case DeclarationFields.Name:
                    reader.Problem(Keys.Name, problem.Message);
                    break;
                case DeclarationFields.Path:
                    reader.Problem(Keys.Path, problem.Message);
                    break;
                case DeclarationFields.Bucket when storage.ExistingBucket is not null:
                    reader.Problem(bucketKey, problem.Message);
                    break;
                case DeclarationFields.Bucket when bucket is not null:
                    reader.Problem(Keys.Name, $"gives the bucket name \"{bucket}\" (stack, name and a random suffix), which {problem.Message} Rename the storage.");
                    break;
                case DeclarationFields.AwsS3Region when reader.Has(Keys.Region):
                    reader.Problem(Keys.Region, problem.Message);
                    break;
                case DeclarationFields.AwsS3ApiKey when storage.AccessKeyId is not null && !reader.IsUndecrypted(Keys.AccessKeyId):
                    reader.Problem(Keys.AccessKeyId, problem.Message);
                    break;
                case DeclarationFields.AwsS3Secret when storage.SecretAccessKey is not null && !reader.IsUndecrypted(Keys.SecretAccessKey):
                    reader.Problem(Keys.SecretAccessKey, problem.Message);
                    break;
            }
        }

        // Every resource of the storage is labelled with its name (StackPlanner.StorageTag): GCS label values hold 63 characters.
        if (cloud == Cloud.Gcs && storage.Name.Length > GcsLabelValueMaxLength)
        {
            reader.Problem(Keys.Name, $"is {storage.Name.Length} characters long, and the stack labels the GCS bucket with it ({StackPlanner.StorageTag}), whose value GCS holds to {GcsLabelValueMaxLength}: use a shorter name.");
        }
    }

    private const int GcsLabelValueMaxLength = 63;
}
