/// # AnshinCore
///
/// The vocabulary every anshin capability shares: the ``Finding`` (what is wrong, where, how bad,
/// which Well-Architected pillars it touches, how to fix it), the environment catalog read from
/// `anshin.yml`, suppressions and triage read from `.anshin/`, redaction and fingerprints.
///
/// Design choice: capabilities (Terraform audit, AWS audit, secret scanning…) never import each
/// other; they meet only here. Everything in this module is a value type without I/O except the
/// loaders, which read files and turn every mistake into a ``ConfigurationError`` that names the
/// file, the line and the field.
public enum Anshin {
    /// The version printed by `anshin --version` and recorded in every report.
    public static let version = "0.1.0"
}
