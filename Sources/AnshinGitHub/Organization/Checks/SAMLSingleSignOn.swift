import AnshinCore

/// People sign in with GitHub accounts the company does not control: leaving the company does
/// not end their access until someone remembers to remove them.
public struct SAMLSingleSignOn: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-saml-sso", title: "GitHub organisation does not use SAML single sign-on",
        rationale: """
        People sign in with GitHub accounts the company does not control: leaving the company does not end \
        their access until someone remembers to remove them.
        """,
        severity: .low, pillars: [.security, .opex],
        references: ["https://docs.github.com/en/enterprise-cloud@latest/organizations/managing-saml-single-sign-on-for-your-organization/about-identity-and-access-management-with-saml-single-sign-on"],
        remediation: """
        On GitHub Enterprise Cloud, configure SAML single sign-on with the company's identity provider (Settings → \
        Authentication security), test it, then require it, so leaving the identity provider ends GitHub access too. \
        Without Enterprise Cloud, review members against the staff list every quarter.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard inventory.samlSSO.value == false else { return [] }
        return [metadata.finding(organization: inventory.login, "\(inventory.login) has no SAML identity provider")]
    }
}
