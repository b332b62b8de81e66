import AnshinCore

/// An organisation webhook without a secret (the receiver cannot tell GitHub's deliveries from
/// forgeries), over plain HTTP, or with TLS verification off (payloads readable in transit).
public struct WebhookSecurity: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-webhook-insecure", title: "GitHub organisation webhook lacks a secret or TLS",
        rationale: """
        An organisation webhook without a secret (the receiver cannot tell GitHub's deliveries from \
        forgeries), over plain HTTP, or with TLS verification off (payloads readable in transit).
        """,
        severity: .medium, pillars: [.security],
        references: ["https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks",
                     "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries"],
        remediation: """
        Edit the webhook (Settings → Webhooks): set a random secret and verify `X-Hub-Signature-256` in the receiver, \
        use an `https://` URL, and keep SSL verification enabled.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        (inventory.webhooks.value ?? []).filter(\.active).compactMap { hook in
            var problems: [String] = []
            if !hook.hasSecret { problems.append("no secret") }
            if hook.scheme != "https" { problems.append("plain HTTP") }
            if hook.insecureSSL { problems.append("TLS certificates not verified") }
            guard !problems.isEmpty else { return nil }
            return metadata.finding(organization: inventory.login,
                                    "webhook \(hook.id) of \(inventory.login) to \(hook.host): \(problems.joined(separator: ", "))",
                                    fingerprintKey: ["hook=\(hook.id)"])
        }
    }
}
