import AnshinCore

/// A Lambda function on x86_64 that could run on arm64 (Graviton2).
public struct LambdaGraviton: Check {
    public let metadata = CheckMetadata(
        id: "lambda-graviton",
        title: "Lambda function runs on x86_64",
        rationale: """
        A Lambda function on x86_64 that could run on arm64 (Graviton2).

        AWS states functions on arm64 get up to 34% better price performance, and arm64 duration is billed \
        at a lower price per GB-second. Interpreted runtimes usually switch with no change; functions with \
        native dependencies or custom runtimes need arm64 builds, hence info.
        """,
        severity: .info,
        pillars: [.cost, .performance, .sustainability],
        references: ["https://aws.amazon.com/blogs/aws/aws-lambda-functions-powered-by-aws-graviton2-processor-run-your-functions-on-arm-and-get-up-to-34-better-price-performance/",
                     "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html"],
        remediation: """
        Switch the function to arm64: AWS states up to 34% better price performance, and each \
        GB-second costs less. Python, Node.js, Java and Ruby code usually runs unchanged; rebuild \
        native dependencies, layers and container images for arm64, and publish a version to canary \
        with an alias before moving all traffic. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lambda_function" "worker" {
          # ...
          architectures = ["arm64"]
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.functions.compactMap { function in
            guard case .known(let architectures) = function.architectures, !architectures.contains("arm64") else { return nil }
            let text = "runs on x86_64; arm64 (Graviton2) would cost less per GB-second"
            return metadata.finding(function.reference,
                                    inventory.say(function.reference, noun: "Lambda function", terraform: text, aws: text),
                                    at: function.settingLocations["architectures"])
        }
    }
}
