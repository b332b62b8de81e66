import AnshinAWS
import AnshinCore

extension LiveReader {
    /// Every Secrets Manager secret of the Region (`secretsmanager:ListSecrets`) and whether it
    /// rotates; `RotationEnabled` is absent when rotation was never configured.
    func managedSecrets(_ regional: AWSClient) async throws(AWSError) -> [ManagedSecret] {
        try await regional.jsonPages(service: .secretsManager, operation: "ListSecrets", body: ["MaxResults": 100])
            .collect().flatMap { $0["SecretList"]?.array ?? [] }
            .compactMap { item in
                guard let name = item["Name"]?.string else { return nil }
                var secret = ManagedSecret(reference: reference("AWS::SecretsManager::Secret", name, name: name, arn: item["ARN"]?.string,
                                                                region: regional.region))
                secret.rotation = .known(item["RotationEnabled"]?.bool ?? false)
                return secret
            }
    }
}
