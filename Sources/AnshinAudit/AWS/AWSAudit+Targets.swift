import AnshinAWS
import AnshinCore
import Foundation

extension AWSAudit {
    /// Sets up the client of `target` and audits it; notes say which Regions were audited and why.
    ///
    /// Throws ``AWSError`` when the audit cannot start: unknown profile, no credentials, no
    /// Region, expired or invalid credentials, unreachable STS, or (with an Organization role)
    /// accounts that cannot be listed.
    /// `progress` counts the accounts read out of all of them.
    public static func run(_ target: AWSAuditTarget, clock: Clock,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           homeDirectory: String? = nil,
                           progress: LockedValue<(done: Int, total: Int)>? = nil) async throws(AWSError) -> AWSAuditResult {
        // Regions named by the caller or the catalog make a profile without a region usable.
        var client = try AWSClient.configured(profile: target.profile, region: target.regions.first, environment: environment,
                                              homeDirectory: homeDirectory)
        var notes: [Note] = []
        let regions = target.regions.isEmpty ? [client.region] : target.regions
        let label = target.environment.map { "environment \($0.name)" } ?? "profile \(target.profile ?? environment["AWS_PROFILE"] ?? "default")"
        if target.regions.isEmpty {
            notes.append(Note(kind: .info, source: "aws",
                              message: "\(label): audited Region \(client.region) only, the profile's Region; name others with --regions"))
        }
        let expected = target.environment?.aws?.account
        if let role = target.environment?.aws?.role, target.organizationRole == nil {
            if let expected {
                client = client.assumingRole(roleARN(role, account: expected), sessionName: "anshin-audit")
            } else if role.hasPrefix("arn:") {
                client = client.assumingRole(role, sessionName: "anshin-audit")
            }
        }
        let production = target.production?.production ?? target.environment?.production ?? false
        switch target.production?.reason {
        case .saferDefault?, .auditSetting?:
            let why = target.production?.reason == .auditSetting ? "as audit.production in anshin.yml says"
                : target.environment == nil ? "production is the safer reading without an environment"
                : "its name does not tell, and production is the safer reading"
            notes.append(Note(kind: .info, source: "aws", message: "\(label): production-only checks (Multi-AZ, deletion protection, "
                + "backup retention) \(production ? "ran" : "did not run"): \(why); set production: in anshin.yml to change this"))
        default: break
        }
        var options = Options(regions: regions, environment: target.environment?.name, production: production, clock: clock)
        options.stateBuckets = target.stateBuckets
        options.auditLogRetentionDays = target.auditLogRetentionDays
        options.progress = progress
        progress?.withLock { $0 = (0, 1) }
        var result: AWSAuditResult
        if let role = target.organizationRole {
            result = try await runOrganization(management: client, role: role, options: options)
        } else {
            result = try await run(client: client, options: options)
            if let expected, let audited = result.accounts.first, audited != expected {
                notes.append(Note(kind: .warning, source: "aws",
                                  message: "\(label): the credentials are for account \(audited), but anshin.yml names account \(expected)"))
            }
        }
        result.notes = notes + result.notes
        return result
    }

    /// What ``missingCredentials(profile:environment:homeDirectory:)`` says when no source of
    /// credentials is configured at all.
    public static let nothingConfigured = "no AWS credentials are configured"

    /// Why no credentials can be had without asking the network whether an instance role
    /// exists; nil when environment variables, a profile, web identity or a container endpoint
    /// provide them.
    public static func missingCredentials(profile: String? = nil,
                                          environment: [String: String] = ProcessInfo.processInfo.environment,
                                          homeDirectory: String? = nil) -> String? {
        do throws(AWSConfigError) {
            let source = try CredentialChain(environment: environment, homeDirectory: homeDirectory).resolve(profile: profile)
            if case .instanceMetadata = source { return nothingConfigured }
            return nil
        } catch {
            // Short, machine-independent texts for the usual cases: a laptop without this profile.
            switch error {
            case .unknownProfile(let name, _, _): return "AWS profile \"\(name)\" is not configured here"
            case .noCredentials: return nothingConfigured
            default: return error.description
            }
        }
    }
}
