import AnshinCore

/// A Lambda function whose function URL anyone may invoke (Security Hub Lambda.1).
public struct LambdaPublicFunctionURL: Check {
    public let metadata = CheckMetadata(
        id: "lambda-function-url-public",
        title: "Lambda function URL lets anyone invoke the function",
        rationale: """
        A Lambda function with a function URL whose auth type is `NONE`: anyone on the internet \
        who learns the URL invokes the function, and the resource-based policy this requires \
        (`lambda:InvokeFunctionUrl` for every principal) is what Security Hub Lambda.1 flags as \
        public access.

        The function then has to authenticate every request itself; a webhook or an internal tool \
        that does not is open, and every call is billed to the account.
        """,
        severity: .high,
        pillars: [.security, .cost],
        references: ["SecurityHub:Lambda.1", "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
        remediation: """
        Use `AWS_IAM` auth and sign the callers' requests, or put the function behind API Gateway \
        or CloudFront with an origin access control; keep `NONE` only for a function that verifies \
        each request itself (a webhook checking the sender's signature), and say so in a \
        suppression. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lambda_function_url" "worker" {
          function_name      = aws_lambda_function.worker.function_name
          authorization_type = "AWS_IAM"
        }
        """))
        """,
        snippetSubject: "aws_lambda_function_url.worker"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.functions.compactMap { function in
            guard function.publicURL.isTrue else { return nil }
            let text = "has a function URL anyone may invoke (auth type NONE)"
            return metadata.finding(function.reference,
                                    inventory.say(function.reference, noun: "Lambda function", terraform: text, aws: text),
                                    at: function.settingLocations["function_url"])
        }
    }
}
