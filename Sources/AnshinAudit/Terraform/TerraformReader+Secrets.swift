import AnshinHCL

/// Secrets Manager secrets and their rotation: an `aws_secretsmanager_secret_rotation` names its
/// secret by reference or by name or ARN; provider versions before 5 also took `rotation_rules`
/// on the secret itself.
extension TerraformReader {
    func managedSecrets() -> [ManagedSecret] {
        let secrets = resources("aws_secretsmanager_secret")
        let names: [String?] = secrets.map { secret in
            // name_prefix makes a name known only after apply.
            secret.body.value("name_prefix") != nil ? nil : secret.body.string("name")
        }
        var rotated = Set<Int>()
        var unsure = !uncertain("aws_secretsmanager_secret_rotation").isEmpty
        for rotation in resources("aws_secretsmanager_secret_rotation") {
            switch link(rotation, attribute: "secret_id", owners: secrets, names: names, types: ["aws_secretsmanager_secret"],
                        normalise: Self.secretName(fromIdentifier:)) {
            case .owner(let index): rotated.insert(index)
            case .oneOf, .unknown: unsure = true
            case .elsewhere: break
            }
        }
        return secrets.enumerated().map { index, instance in
            var secret = ManagedSecret(reference: reference(instance, nameAttribute: "name"))
            let inline = instance.body.value("rotation_lambda_arn") != nil || !instance.body.blocks(ofType: "rotation_rules").isEmpty
            secret.rotation = rotated.contains(index) || inline ? .known(true) : unsure ? .unknown : .known(false)
            secret.settingLocations["rotation"] = location(instance)
            return secret
        }
    }

    /// A secret's name from its name or ARN (`arn:aws:secretsmanager:…:secret:db-AbCdEf`: the
    /// name with the six characters AWS appends).
    static func secretName(fromIdentifier text: String) -> String {
        guard text.hasPrefix("arn:"), let range = text.range(of: ":secret:") else { return text }
        let tail = text[range.upperBound...]
        guard let dash = tail.lastIndex(of: "-"), tail.distance(from: dash, to: tail.endIndex) == 7 else { return String(tail) }
        return String(tail[..<dash])
    }
}
