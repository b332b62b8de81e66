/// Remediation text shared by rules: every leaked credential is revoked first, then replaced and
/// moved out of the code.
enum Advice {
    /// The closing steps every credential shares.
    static let after = "Then store the replacement outside the repository (SSM Parameter Store SecureString, "
        + "Secrets Manager, or the CI's secret store) and read it at run time. Rewriting git history does "
        + "not un-leak a pushed value: revoke first."

    /// `how` (the provider-specific way to revoke) followed by the shared steps.
    static func revoke(_ how: String) -> String { how + " " + after }
}

extension SampleGenerator {
    /// `token` with its last character changed: same shape, wrong checksum.
    public func corrupt(_ token: String) -> String {
        guard let last = token.last else { return token }
        let replacement: Character = last == "A" ? "B" : "A"
        return String(token.dropLast()) + String(replacement)
    }
}
