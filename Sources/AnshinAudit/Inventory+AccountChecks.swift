import AnshinCore

extension Inventory {
    /// The root user as the resource of findings: the account's root principal live, the
    /// configuration's account stand-in from Terraform.
    var rootReference: ResourceReference {
        var reference = accountReference(kind: "aws_iam_account", awsKind: "AWS::IAM::RootUser")
        if source == .aws, let account {
            reference.identifier = "arn:aws:iam::\(account):root"
            reference.arn = reference.identifier
            reference.region = nil
        }
        return reference
    }

    /// "account 111111111111" (live) or "the prd environment" (Terraform), for account-wide facts
    /// that have no Region.
    var accountName: String {
        switch source {
        case .terraform: environment.map { "the \($0) environment" } ?? "this configuration"
        case .aws: "account \(account ?? "?")" + (accountAlias.value.flatMap { $0 }.map { " (\($0))" } ?? "")
        }
    }

    /// Whether the audited account is known to be its Organization's management account.
    var isManagementAccount: Bool {
        organization.value.flatMap { $0 }?.isManagementAccount.isTrue == true
    }
}

extension Int {
    /// "1 day", "45 days".
    var days: String { self == 1 ? "1 day" : "\(self) days" }
}
