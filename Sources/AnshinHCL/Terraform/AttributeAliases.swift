/// Attributes a provider computes from a configured argument, so that references to them are
/// known before apply: for example `aws_s3_bucket.logs.id` is the bucket's name.
///
/// This is the only provider knowledge in AnshinHCL, kept small on purpose: each entry says
/// "attribute A of type T equals argument B" and is a documented fact of the provider; anything
/// else a provider computes stays unknown.
public struct AttributeAliases: Sendable, Hashable {
    /// Per resource type, computed attribute → the argument it equals.
    public var aliases: [String: [String: String]]

    /// Creates an alias table.
    public init(_ aliases: [String: [String: String]]) {
        self.aliases = aliases
    }

    /// No aliases: every unset attribute is unknown.
    public static let none = AttributeAliases([:])

    /// The AWS provider (v4 and v5): resources whose `id` is their name.
    ///
    /// Sources: the "Attribute Reference" / "Import" sections of each resource's page in the
    /// Terraform AWS provider documentation: an S3 bucket and the v4 bucket configuration
    /// resources are identified by the bucket name; IAM users, roles and groups, CloudWatch log
    /// groups, SSM parameters and ECR repositories by their name.
    public static let aws = AttributeAliases([
        "aws_s3_bucket": ["id": "bucket"],
        "aws_s3_bucket_public_access_block": ["id": "bucket"],
        "aws_s3_bucket_policy": ["id": "bucket"],
        "aws_s3_bucket_versioning": ["id": "bucket"],
        "aws_s3_bucket_server_side_encryption_configuration": ["id": "bucket"],
        "aws_s3_bucket_logging": ["id": "bucket"],
        "aws_s3_bucket_lifecycle_configuration": ["id": "bucket"],
        "aws_s3_bucket_ownership_controls": ["id": "bucket"],
        "aws_iam_user": ["id": "name"],
        "aws_iam_role": ["id": "name"],
        "aws_iam_group": ["id": "name"],
        "aws_cloudwatch_log_group": ["id": "name"],
        "aws_ssm_parameter": ["id": "name"],
        "aws_ecr_repository": ["id": "name"],
    ])

    /// Adds the aliased attributes whose source argument is known and which are not set.
    func apply(to members: inout [String: Value], type: String) {
        for (alias, source) in aliases[type] ?? [:] where members[alias] == nil {
            if let value = members[source], value.isWhollyKnown, !value.isNull { members[alias] = value }
        }
    }
}
