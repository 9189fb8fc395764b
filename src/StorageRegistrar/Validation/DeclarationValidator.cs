using StorageRegistrar.Declarations;

namespace StorageRegistrar.Validation;

/// <summary>
/// Checks storage declarations and call-type bindings before any request is sent, reporting every
/// problem at once. The rules are listed in docs/validation.md.
/// </summary>
public static class DeclarationValidator
{
    public static ValidationResult Validate(StorageDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        return ValidationResult.Valid;
    }

    public static ValidationResult Validate(CallTypeBindingDeclaration binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return ValidationResult.Valid;
    }
}
