import AnshinCore
import AnshinHCL

/// IAM users, their keys, passwords and policies, and customer managed policies.
///
/// Provider facts relied on: `aws_iam_access_key.status` defaults to `Active`; an
/// `aws_iam_user_login_profile` gives its user a console password. MFA devices cannot be tied
/// to a user from Terraform (`aws_iam_virtual_mfa_device` is enabled outside it), so
/// ``IAMUser/hasMFA`` stays unknown.
extension TerraformReader {
    func iamUsers() -> [IAMUser] {
        let instances = resources("aws_iam_user")
        var users = instances.map { IAMUser(reference: reference($0, nameAttribute: "name")) }
        let names = instances.map { $0.body.string("name") }

        /// The users an argument names: those it references; without a reference, the one user
        /// with each name it gives (none when no user of this configuration has it); nil when it
        /// cannot be told (a value known only after apply, a name shared by several users, or a
        /// name no user has while some user's name is unknown). An IAM user name is unique in an
        /// account, so one user with the name is that user even when other names are unknown.
        func targets(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance) -> [Int]? {
            guard let attribute else { return [] }
            let linked = referenced(by: attribute, from: instance, types: ["aws_iam_user"])
                .compactMap { target in instances.firstIndex { $0.address == target.address } }
            if !linked.isEmpty { return linked }
            guard let value = attribute.value.present, value.isWhollyKnown else { return nil }
            let wanted: [String] = TerraformValue.string(value).map { [$0] } ?? (value.elements ?? []).compactMap(TerraformValue.string)
            var result: [Int] = []
            for name in wanted {
                let matching = names.indices.filter { names[$0] == name }
                if matching.isEmpty && !names.contains(nil) { continue }
                guard matching.count == 1 else { return nil }
                result.append(matching[0])
            }
            return result
        }

        for key in resources("aws_iam_access_key") {
            for index in targets(key.attribute("user"), from: key) ?? [] {
                let status: Setting<String> = key.body.value("status").map { TerraformValue.string($0).map(Setting.known) ?? .unknown }
                    ?? .known("Active")
                var keyReference = reference(key)
                keyReference.name = nil
                users[index].accessKeys.append(AccessKey(reference: keyReference, status: status))
            }
        }
        var passwordUnknown = false
        for profile in resources("aws_iam_user_login_profile") {
            guard let indices = targets(profile.attribute("user"), from: profile) else { passwordUnknown = true; continue }
            for index in indices {
                users[index].hasConsolePassword = .known(true)
                users[index].settingLocations["login_profile"] = location(profile)
            }
        }
        for profile in uncertain("aws_iam_user_login_profile") {
            for index in targets(profile.attribute("user"), from: profile) ?? Array(users.indices)
            where users[index].hasConsolePassword != .known(true) {
                users[index].hasConsolePassword = .unknown
            }
        }
        if passwordUnknown {
            for index in users.indices where users[index].hasConsolePassword != .known(true) { users[index].hasConsolePassword = .unknown }
        }
        for attachment in resources("aws_iam_user_policy_attachment") {
            let policy = policyName(attachment.attribute("policy_arn"), from: attachment)
            for index in targets(attachment.attribute("user"), from: attachment) ?? [] {
                users[index].attachedPolicies.append(policy)
                users[index].policyLocations.append(location(attachment))
            }
        }
        for attachment in resources("aws_iam_policy_attachment") {
            let policy = policyName(attachment.attribute("policy_arn"), from: attachment)
            for index in targets(attachment.attribute("users"), from: attachment) ?? [] {
                users[index].attachedPolicies.append(policy)
                users[index].policyLocations.append(location(attachment))
            }
        }
        for inline in resources("aws_iam_user_policy") {
            // A document known only after apply still counts as a policy of the user; an empty
            // document keeps the admin-access check silent about it.
            let document = policyDocument(inline.attribute("policy"), from: inline)?.value ?? PolicyDocument(statements: [])
            for index in targets(inline.attribute("user"), from: inline) ?? [] {
                users[index].settingLocations["inline_policy.\(users[index].inlinePolicies.count)"] = location(of: "policy", in: inline)
                users[index].inlinePolicies.append(document)
                users[index].policyLocations.append(location(inline))
            }
        }
        return users
    }

    /// How an attached policy is named in findings: its ARN, or the name of the
    /// `aws_iam_policy` it refers to, or the reference as written.
    func policyName(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance) -> String {
        if let arn = attribute?.value.present.flatMap(TerraformValue.string) { return arn }
        if let policy = referenced(by: attribute, from: instance, types: ["aws_iam_policy"]).first {
            return policy.body.string("name") ?? policy.address
        }
        if let traversal = attribute?.expression?.references.first { return traversal.description }
        return "(known after apply)"
    }

    func iamPolicies() -> [IAMPolicy] {
        let attachmentTypes = ["aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment",
                               "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"]
        var attached = Set<String>()
        for attachment in attachmentTypes.flatMap({ (byType[$0] ?? []) + (uncertainByType[$0] ?? []) }) {
            for policy in referenced(by: attachment.attribute("policy_arn"), from: attachment, types: ["aws_iam_policy"]) {
                attached.insert(policy.address)
            }
        }
        let managed = resources("aws_iam_policy").map { instance in
            let document = policyDocument(instance.attribute("policy"), from: instance) ?? .unknown
            // Not attached in this configuration may still mean attached from another one.
            return IAMPolicy(reference: reference(instance, nameAttribute: "name"), document: document,
                             attached: attached.contains(instance.address) ? .known(true) : .unknown)
        }
        // Inline policies of roles and groups grant as much as managed ones and are attached by definition.
        let inline = ["aws_iam_role_policy", "aws_iam_group_policy"].flatMap { type in
            resources(type).map { instance in
                IAMPolicy(reference: reference(instance, nameAttribute: "name"),
                          document: policyDocument(instance.attribute("policy"), from: instance) ?? .unknown,
                          attached: .known(true))
            }
        }
        // An `aws_iam_role` may also carry its inline policies as `inline_policy` blocks.
        let roleBlocks = resources("aws_iam_role").flatMap { role in
            role.body.blocks(ofType: "inline_policy").enumerated().map { index, block in
                var policyReference = reference(role, nameAttribute: "name")
                let name = block.body.string("name")
                policyReference.identifier += ".inline_policy[\(name.map(\.jsonQuoted) ?? String(index))]"
                let fullName = [policyReference.name, name].compactMap { $0 }.joined(separator: "/")
                policyReference.name = fullName.isEmpty ? nil : fullName
                policyReference.location = location(block.range)
                return IAMPolicy(reference: policyReference,
                                 document: policyDocument(block.body.attributes["policy"], from: role) ?? .unknown,
                                 attached: .known(true))
            }
        }
        return managed + inline + roleBlocks
    }
}

// MARK: - Policy documents

extension TerraformReader {
    /// A policy document from a `policy` argument: a JSON string (heredoc or literal), a
    /// `jsonencode(...)` object, or an `aws_iam_policy_document` data source's `json`. Nil when
    /// the argument is not set; unknown when what decides a check (effects, actions, conditions)
    /// is known only after apply. Resources and principals known only after apply (ARNs) are
    /// kept as ``PolicyReading/unknownText``, as no check asks whether an ARN is `*`.
    func policyDocument(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance) -> Setting<PolicyDocument>? {
        guard let attribute, let value = attribute.value.present else { return nil }
        if let text = TerraformValue.string(value) {
            return PolicyReading.document(json: text)
        }
        if let structure = attribute.structure {
            if case .tuple(let parts) = structure, let expression = attribute.expression, case .template = expression {
                let text = parts.map { part in part.present.flatMap(TerraformValue.string) ?? PolicyReading.unknownText }.joined()
                return PolicyReading.document(json: text)
            }
            return PolicyReading.document(PolicyReading.node(structure))
        }
        if let traversal = attribute.expression?.staticTraversal, traversal.root == "data",
           case .attribute("aws_iam_policy_document")? = traversal.steps.first,
           case .attribute(let name)? = traversal.steps.dropFirst().first {
            let prefix = instance.modulePath.map { $0.description + "." }.joined()
            var address = prefix + "data.aws_iam_policy_document." + name
            if traversal.steps.count > 3 {
                switch traversal.steps[2] {
                case .numberIndex(let number): address += "[\(number)]"
                case .stringIndex(let key): address += "[\"\(key)\"]"
                case .attribute: break
                }
            }
            guard let source = data[address] else { return .unknown }
            return policyDocument(dataSource: source)
        }
        return .unknown
    }

    /// The document an `aws_iam_policy_document` data source renders from its `statement` blocks.
    /// Documents merged from others (`source_policy_documents`, `override_policy_documents`) are unknown.
    func policyDocument(dataSource: ResourceInstance) -> Setting<PolicyDocument> {
        let body = dataSource.body
        for merged in ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]
        where body.value(merged) != nil {
            return .unknown
        }
        guard case .known(let blocks) = body.blockSetting("statement") else { return .unknown }
        var statements: [PolicyDocument.Statement] = []
        for block in blocks {
            let statement = block.body
            if ["principals", "not_principals", "condition"].contains(where: statement.unknownBlockTypes.contains) { return .unknown }
            // The data source's `effect` defaults to Allow.
            guard let effect = statement.value("effect").map({ TerraformValue.string($0) }) ?? "Allow" else { return .unknown }
            guard let actions = PolicyReading.strings(statement.value("actions").map(PolicyReading.node), strict: true),
                  let notActions = PolicyReading.strings(statement.value("not_actions").map(PolicyReading.node), strict: true) else {
                return .unknown
            }
            let resources = PolicyReading.strings(statement.value("resources").map(PolicyReading.node), strict: false) ?? []
            var principals: [String] = []
            for principal in statement.blocks(ofType: "principals") {
                principals += PolicyReading.strings(principal.body.value("identifiers").map(PolicyReading.node), strict: false) ?? []
            }
            var conditions: [String: [String: [String]]] = [:]
            for condition in statement.blocks(ofType: "condition") {
                guard let test = condition.body.string("test"), let variable = condition.body.string("variable"),
                      let values = PolicyReading.strings(condition.body.value("values").map(PolicyReading.node), strict: true) else {
                    return .unknown
                }
                conditions[test, default: [:]][variable, default: []] += values
            }
            statements.append(PolicyDocument.Statement(effect: effect, actions: actions, notActions: notActions,
                                                       resources: resources, principals: principals, conditions: conditions))
        }
        return .known(PolicyDocument(statements: statements))
    }
}

// MARK: - Managed policy attachments

extension TerraformReader {
    /// Every attachment of a managed policy whose ARN is known to a user, group or role:
    /// `aws_iam_{user,group,role}_policy_attachment`, `aws_iam_policy_attachment` (its `users`,
    /// `groups` and `roles`), `aws_iam_role.managed_policy_arns` and
    /// `aws_iam_role_policy_attachments_exclusive.policy_arns`.
    func policyAttachments() -> [PolicyAttachment] {
        var result: [PolicyAttachment] = []
        let single: [(type: String, attribute: String, principal: PolicyAttachment.Principal, owner: String)] = [
            ("aws_iam_user_policy_attachment", "user", .user, "aws_iam_user"),
            ("aws_iam_group_policy_attachment", "group", .group, "aws_iam_group"),
            ("aws_iam_role_policy_attachment", "role", .role, "aws_iam_role"),
        ]
        for (type, attribute, principal, owner) in single {
            for attachment in resources(type) {
                guard let arn = policyARN(attachment.attribute("policy_arn"), from: attachment) else { continue }
                for name in principalNames(attachment.attribute(attribute), from: attachment, owner: owner) {
                    result.append(attached(attachment, principal, name, arn, at: "policy_arn"))
                }
            }
        }
        for attachment in resources("aws_iam_policy_attachment") {
            guard let arn = policyARN(attachment.attribute("policy_arn"), from: attachment) else { continue }
            for (attribute, principal, owner) in [("users", PolicyAttachment.Principal.user, "aws_iam_user"),
                                                  ("groups", .group, "aws_iam_group"), ("roles", .role, "aws_iam_role")] {
                for name in principalNames(attachment.attribute(attribute), from: attachment, owner: owner) {
                    result.append(attached(attachment, principal, name, arn, at: "policy_arn"))
                }
            }
        }
        for role in resources("aws_iam_role") {
            let name = role.body.string("name") ?? role.address
            for arn in knownStrings(role.body.value("managed_policy_arns")) {
                result.append(attached(role, .role, name, arn, at: "managed_policy_arns"))
            }
        }
        for exclusive in resources("aws_iam_role_policy_attachments_exclusive") {
            for name in principalNames(exclusive.attribute("role_name"), from: exclusive, owner: "aws_iam_role") {
                for arn in knownStrings(exclusive.body.value("policy_arns")) {
                    result.append(attached(exclusive, .role, name, arn, at: "policy_arns"))
                }
            }
        }
        return result
    }

    private func attached(_ instance: ResourceInstance, _ principal: PolicyAttachment.Principal, _ name: String, _ arn: String,
                          at attribute: String) -> PolicyAttachment {
        var attachmentReference = reference(instance)
        attachmentReference.location = location(of: attribute, in: instance)
        return PolicyAttachment(reference: attachmentReference, principal: principal, principalName: name, policyARN: arn)
    }

    /// The known strings of a string or list argument; the unknown elements are left out.
    private func knownStrings(_ value: Value?) -> [String] {
        guard let value else { return [] }
        if let text = TerraformValue.string(value) { return [text] }
        return (value.elements ?? []).compactMap { $0.present.flatMap(TerraformValue.string) }
    }

    /// The names an attachment's principal argument gives (a name or a list of names): each
    /// known name, else the name of the resource it refers to, else the reference as written.
    private func principalNames(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance, owner: String) -> [String] {
        guard let attribute, let value = attribute.value.present else { return [] }
        if value.isWhollyKnown { return knownStrings(value) }
        let owners = referenced(by: attribute, from: instance, types: [owner])
        if !owners.isEmpty { return owners.map { $0.body.string("name") ?? $0.address } }
        return attribute.expression?.references.first.map { [$0.description] } ?? ["(known after apply)"]
    }

    /// A policy ARN: the argument's known value, or, for a `data "aws_iam_policy"` read by name
    /// or ARN, the ARN it names (AWS managed policies by name: `AdministratorAccess`); nil when
    /// known only after apply.
    func policyARN(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance) -> String? {
        guard let attribute else { return nil }
        if let arn = attribute.value.present.flatMap(TerraformValue.string) { return arn }
        guard let traversal = attribute.expression?.staticTraversal, traversal.root == "data",
              case .attribute("aws_iam_policy")? = traversal.steps.first,
              case .attribute(let name)? = traversal.steps.dropFirst().first else { return nil }
        let prefix = instance.modulePath.map { $0.description + "." }.joined()
        guard let source = data[prefix + "data.aws_iam_policy." + name] else { return nil }
        if let arn = source.body.string("arn") { return arn }
        // Only AWS managed policies are found by name alone without a path prefix; a customer
        // managed one of the same name would be ambiguous, so only the AWS one is assumed.
        if let policy = source.body.string("name"), policy == "AdministratorAccess", source.body.value("path_prefix") == nil {
            return "arn:aws:iam::aws:policy/AdministratorAccess"
        }
        return nil
    }
}
