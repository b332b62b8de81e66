/// # AnshinAWS
///
/// How anshin talks to AWS: Signature Version 4 request signing, the shared `config` and
/// `credentials` files, the credential chain and region resolution, the credential sources that
/// need calls (STS role assumption, web identity, `credential_process`, IAM Identity Center, the
/// container and instance metadata endpoints), and ``AWSClient``, which speaks the query, EC2,
/// JSON, REST-JSON and REST-XML protocols with retries, pagination and typed ``AWSError``s.
///
/// Design choice: the logic is testable without AWS. The signer works on `HTTPRequest`, a
/// plain value with no networking types (from `AnshinHTTP`, which AnshinAWS builds on), and is
/// checked against AWS's published SigV4 test suite; the credential chain reads files and an
/// environment that tests pass in. Every request goes through AnshinHTTP's `HTTPTransport`
/// protocol, so tests run the client against moto and loopback servers. Secrets never reach a log: ``AWSCredentials`` redacts its secret in
/// `description`, and errors never carry the secret key or session token.
///
/// A service client is a thin layer over ``AWSClient`` and the ``AWSService`` constants:
///
/// ```swift
/// let client = try AWSClient.configured(profile: "prd")
/// let roles = try await client.queryPages(service: .iam, action: "ListRoles", truncatedFlag: "IsTruncated")
///     .collect().flatMap { $0.all("Roles/member") }.compactMap { $0.value("RoleName") }
/// let groups = try await client.json(service: .cloudWatchLogs, operation: "DescribeLogGroups", body: ["limit": 50])
/// let policy = try await client.rest(service: .s3, operation: "GetBucketPolicy", query: [("policy", "")], bucket: "acme-logs")
/// let member = client.assumingRole("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole")
/// ```
public enum AnshinAWS {}
