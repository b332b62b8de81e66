/// Why the shared config files or the credential chain could not give an answer; every case
/// names what to fix and where.
public enum AWSConfigError: Error, Equatable, CustomStringConvertible {
    /// A profile was asked for (`--profile`, `AWS_PROFILE`, `source_profile`) that no file defines.
    case unknownProfile(name: String, available: [String], filesRead: [String])
    /// A line of a config or credentials file is not valid.
    case malformed(file: String, line: Int, message: String)
    /// `source_profile` leads back to a profile already on the path.
    case sourceProfileCycle([String])
    /// A file exists but cannot be read.
    case unreadable(file: String, reason: String)
    /// An access key id without a secret, or a secret without an access key id.
    case incompleteCredentials(source: String, missing: String)
    /// A role profile whose settings contradict each other or name an unknown source.
    case invalidRole(profile: String, message: String)
    /// A profile's `sso_session` names a section that does not exist.
    case unknownSSOSession(profile: String, session: String, available: [String])
    /// An SSO profile without the settings SSO needs.
    case incompleteSSO(profile: String, missing: [String])
    /// A source profile that yields no credentials.
    case sourceProfileWithoutCredentials(profile: String, source: String)
    /// Nothing in the chain can provide credentials.
    case noCredentials(profile: String, filesRead: [String])

    public var description: String {
        switch self {
        case let .unknownProfile(name, available, filesRead):
            let names = available.isEmpty ? "none" : available.joined(separator: ", ")
            let files = filesRead.isEmpty ? "no config or credentials file found" : "read \(filesRead.joined(separator: ", "))"
            return "AWS profile \"\(name)\" is not defined (profiles: \(names); \(files))"
        case let .malformed(file, line, message):
            return "\(file):\(line): \(message)"
        case let .sourceProfileCycle(path):
            return "source_profile cycle: \(path.joined(separator: " -> "))"
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .incompleteCredentials(source, missing):
            return "\(source) has partial credentials: \(missing) is missing"
        case let .invalidRole(profile, message):
            return "profile \"\(profile)\": \(message)"
        case let .unknownSSOSession(profile, session, available):
            let names = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "profile \"\(profile)\": sso_session \"\(session)\" is not defined (sso-sessions: \(names))"
        case let .incompleteSSO(profile, missing):
            return "profile \"\(profile)\": SSO needs \(missing.joined(separator: ", "))"
        case let .sourceProfileWithoutCredentials(profile, source):
            return "profile \"\(profile)\": source_profile \"\(source)\" has no credentials"
        case let .noCredentials(profile, filesRead):
            let files = filesRead.isEmpty ? "no config or credentials file found" : "read \(filesRead.joined(separator: ", "))"
            return "no AWS credentials for profile \"\(profile)\" (environment, \(files), container and instance metadata disabled)"
        }
    }
}
