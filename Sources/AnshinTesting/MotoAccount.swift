import Foundation

/// A fresh account of the shared moto server with a small estate, seeded with boto3 by
/// `Tests/AnshinAuditTests/Fixtures/aws/seed-account.py` (buckets with and without Block Public
/// Access, IAM users and policies, log groups, an unencrypted RDS instance, EC2 instances, an SSM
/// parameter, a trail).
///
/// moto keeps a separate state per account and maps keys issued by STS AssumeRole to the role's
/// account, so a random account id isolates the tests that use it from every other test of the
/// run, and a unique prefix keeps bucket names (global in S3) apart.
public struct MotoAccount: Sendable {
    public let endpoint: String
    public let account: String
    /// The prefix of every name the script created (`<prefix>-open`, `/<prefix>/forever`…).
    public let prefix: String
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` of the account.
    public let credentials: [String: String]
    /// The member account of the Organization, when seeded with one.
    public let member: String?

    /// Seeds a new account on ``MotoServer/shared()``; with `organization`, the account also
    /// manages an Organization with one member account (``credentials``' `MEMBER_ACCOUNT`); with
    /// `web`, it also runs a web service: a VPC with public and private subnets, a load balancer,
    /// a target group, an ECS service and an Auto Scaling group behind it.
    public static func seed(organization: Bool = false, web: Bool = false) throws -> MotoAccount {
        let server = try MotoServer.shared()
        let account = "7" + (0..<11).map { _ in String(Int.random(in: 0...9)) }.joined()
        let prefix = MotoServer.uniqueName("live")
        let script = Command.packageRoot.appendingPathComponent("Tests/AnshinAuditTests/Fixtures/aws/seed-account.py")
        let result = try Command.run("python3", [script.path, "--endpoint", server.endpoint, "--account", account, "--prefix", prefix]
                                     + (organization ? ["--organization"] : []) + (web ? ["--web"] : []))
        guard result.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String] else {
            throw MotoServerError(message: "seeding moto failed: \(result.stderr.suffix(2000))")
        }
        var credentials = object
        let member = credentials.removeValue(forKey: "MEMBER_ACCOUNT")
        return MotoAccount(endpoint: server.endpoint, account: account, prefix: prefix, credentials: credentials, member: member)
    }

    /// The environment of a process that audits the account through moto: the endpoint, the
    /// account's keys, us-east-1, and no instance metadata.
    public var environment: [String: String] {
        credentials.merging(["AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
    }
}
