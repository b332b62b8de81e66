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

    /// Managed runtimes that run on x86_64 only: a function on one of them moves to arm64 only
    /// with a newer runtime (go1.x to provided.al2023, java8 to java8.al2 or later, python3.7 to a
    /// later Python). AWS Lambda Developer Guide, "Lambda runtimes" and "Building Lambda functions
    /// with Go": https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html,
    /// https://docs.aws.amazon.com/lambda/latest/dg/lambda-golang.html
    static let x86OnlyRuntimes: Set<String> = ["go1.x", "java8", "python3.7", "python3.6", "python2.7", "ruby2.5", "nodejs10.x",
                                               "nodejs8.10", "dotnetcore2.1"]

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.functions.compactMap { function in
            guard case .known(let architectures) = function.architectures, !architectures.contains("arm64") else { return nil }
            var text = "runs on x86_64; arm64 (Graviton2) would cost less per GB-second"
            if case .known(let runtime?) = function.runtime, Self.x86OnlyRuntimes.contains(runtime) {
                text += ", once it moves off \(runtime), which has no arm64 (\(runtime == "go1.x" ? "provided.al2023" : "a current runtime") has)"
            }
            return metadata.finding(function.reference,
                                    inventory.say(function.reference, noun: "Lambda function", terraform: text, aws: text),
                                    at: function.settingLocations["architectures"])
        }
    }
}
