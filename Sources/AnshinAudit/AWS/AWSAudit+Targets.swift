import AnshinAWS
import AnshinCore
import Foundation

/// What to audit live: a profile (or the default credential chain), Regions, and the catalog
/// environment the account stands for.
public struct AWSAuditTarget: Sendable {
    /// nil for the default chain (`AWS_PROFILE`, environment variables, `default`).
    public var profile: String?
    /// Empty for the Region of the profile (or `AWS_REGION`).
    public var regions: [String]
    public var environment: Environment?
    /// Audit every account of the Organization through this role (name or ARN); nil for one account.
    public var organizationRole: String?
    /// Buckets known to hold Terraform state (the environment's S3 backends).
    public var stateBuckets: Set<String> = []

    public init(profile: String? = nil, regions: [String] = [], environment: Environment? = nil, organizationRole: String? = nil) {
        self.profile = profile
        self.regions = regions
        self.environment = environment
        self.organizationRole = organizationRole
    }

    /// The target of a catalog environment: its profile, Regions and role.
    public init(environment: Environment, regions: [String] = [], organizationRole: String? = nil) {
        self.init(profile: environment.aws?.profile, regions: regions.isEmpty ? environment.aws?.regions ?? [] : regions,
                  environment: environment, organizationRole: organizationRole)
    }
}

extension AWSAudit {
    /// Sets up the client of `target` and audits it; notes say which Regions were audited and why.
    ///
    /// Throws ``AWSError`` when the audit cannot start: unknown profile, no credentials, no
    /// Region, expired or invalid credentials, unreachable STS, or (with an Organization role)
    /// accounts that cannot be listed.
    public static func run(_ target: AWSAuditTarget, clock: Clock,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           homeDirectory: String? = nil) async throws(AWSError) -> AWSAuditResult {
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
        var options = Options(regions: regions, environment: target.environment?.name,
                              production: target.environment?.production ?? false, clock: clock)
        options.stateBuckets = target.stateBuckets
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

    /// Why no credentials can be had without asking the network whether an instance role
    /// exists; nil when environment variables, a profile, web identity or a container endpoint
    /// provide them.
    public static func missingCredentials(profile: String? = nil,
                                          environment: [String: String] = ProcessInfo.processInfo.environment,
                                          homeDirectory: String? = nil) -> String? {
        do throws(AWSConfigError) {
            let source = try CredentialChain(environment: environment, homeDirectory: homeDirectory).resolve(profile: profile)
            if case .instanceMetadata = source { return "no AWS credentials are configured" }
            return nil
        } catch {
            // Short, machine-independent texts for the usual cases: a laptop without this profile.
            switch error {
            case .unknownProfile(let name, _, _): return "AWS profile \"\(name)\" is not configured here"
            case .noCredentials: return "no AWS credentials are configured"
            default: return error.description
            }
        }
    }
}

/// The live AWS audit as a capability of `anshin assess`: every catalog environment with AWS
/// settings, or the default credential chain when the catalog names none. Without configured
/// credentials it is skipped with a note saying so, and makes no call.
public struct AWSAuditCapability: Capability {
    public let name = "aws"
    /// The process environment, for the credential chain (tests point it at a local emulator).
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func applies(to context: AssessmentContext) -> Bool { true }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let environments = context.catalog.environments.filter { $0.aws != nil }
        let targets = environments.isEmpty ? [AWSAuditTarget()] : environments.map { environment in
            var target = AWSAuditTarget(environment: environment)
            target.stateBuckets = TerraformAudit.stateBuckets(root: context.root, catalog: context.catalog, environment: environment.name)
            return target
        }
        var result = CapabilityResult()
        for target in targets {
            let label = target.environment.map { "environment \($0.name)" } ?? "the default AWS credentials"
            if let problem = AWSAudit.missingCredentials(profile: target.profile, environment: environment) {
                result.notes.append(Note(kind: .notAssessed, source: "aws",
                                         message: "\(label): the live AWS audit was skipped: \(problem)"))
                continue
            }
            do {
                let audited = try await AWSAudit.run(target, clock: context.clock, environment: environment)
                result.findings += audited.findings
                result.notes += audited.notes
                if let name = target.environment?.name, target.environment?.terraform != nil {
                    result.findings += try drift(environment: name, live: audited.inventories, context: context)
                }
            } catch let error as AWSError {
                result.notes.append(Note(kind: .notAssessed, source: "aws", message: "\(label): not assessed: \(error)"))
            }
        }
        return result
    }

    /// Drift between the environment's Terraform (every stack of it) and its live account.
    func drift(environment name: String, live: [Inventory], context: AssessmentContext) throws -> [Finding] {
        var findings: [Finding] = []
        for target in try TerraformAudit.targets(root: context.root, catalog: context.catalog, environments: [name]) {
            guard let declared = try? TerraformAudit.evaluate(target, root: context.root, variables: [:]).inventory else { continue }
            for account in live { findings += Drift.findings(terraform: declared, live: account) }
        }
        return findings
    }
}
