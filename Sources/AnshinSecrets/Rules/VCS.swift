import AnshinCore
// Source hosting and CI: GitHub, GitLab, Bitbucket, CircleCI and friends.
// Formats: GitHub's "Behind GitHub's new authentication token formats" (prefix, 30 base62
// characters, 6-character base62 CRC-32), GitLab's "Token overview" prefixes.

extension SecretRule {
    // MARK: GitHub

    /// A GitHub token of the 2021 format: three-letter prefix, underscore, 30 random base62
    /// characters and their CRC-32 in six base62 digits.
    static func github(id: String, title: String, prefix: String, severity: Severity = .critical,
                       revoke: String, reference: String) -> SecretRule {
        SecretRule.prefixed(
            id: id, title: title, severity: severity,
            token: prefix + "_[A-Za-z0-9]{36}", right: "[A-Za-z0-9_]", entropy: 3.5,
            checks: [.checksum(.crc32Base62(prefixLength: 4))],
            remediation: Advice.revoke(revoke),
            references: [reference, "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/"],
            samples: { g in
                let split = String(prefix.prefix(2)) + String(prefix.dropFirst(2)) + "_"
                return [
                    "GITHUB_TOKEN=" + g.crc32Token(prefix: split),
                    "git clone https://x-access-token:" + g.crc32Token(prefix: split) + "@github.com/acme/app.git",
                    "{\"token\":\"" + g.crc32Token(prefix: split) + "\"}",
                ]
            },
            negatives: { g in
                let split = String(prefix.prefix(2)) + String(prefix.dropFirst(2)) + "_"
                return [
                    "GITHUB_TOKEN=" + g.corrupt(g.crc32Token(prefix: split)),
                    "GITHUB_TOKEN=" + split + String(repeating: "x", count: 36),
                    "token: " + split + g.alnum(30),
                    "name = \"" + split + g.crc32Token(prefix: "") + "_suffix\"",
                ]
            })
    }

    static let githubPATClassic = github(
        id: "secret-github-pat-classic", title: "GitHub personal access token (classic)", prefix: "ghp",
        revoke: "Delete the token at GitHub > Settings > Developer settings > Personal access tokens; "
            + "prefer a fine-grained token or a GitHub App.",
        reference: "https://docs.github.com/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens")

    static let githubOAuthToken = github(
        id: "secret-github-oauth-token", title: "GitHub OAuth access token", prefix: "gho",
        revoke: "Revoke the OAuth app's authorisation (Settings > Applications > Authorized OAuth Apps) or, "
            + "as the app owner, reset its tokens through the OAuth Authorizations API.",
        reference: "https://docs.github.com/rest/apps/oauth-applications")

    static let githubUserToServerToken = github(
        id: "secret-github-app-user-token", title: "GitHub App user-to-server token", prefix: "ghu",
        revoke: "Revoke the user's authorisation of the GitHub App (Settings > Applications > Authorized "
            + "GitHub Apps) or delete the token through the app's API.",
        reference: "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-with-a-github-app-on-behalf-of-a-user")

    static let githubServerToServerToken = github(
        id: "secret-github-app-installation-token", title: "GitHub App installation (server-to-server) token",
        prefix: "ghs", severity: .high,
        revoke: "The token expires within an hour; revoke it now with `DELETE /installation/token` and check "
            + "how it left the runner (Actions' GITHUB_TOKEN is one of these).",
        reference: "https://docs.github.com/rest/apps/installations#revoke-an-installation-access-token")

    static let githubRefreshToken = github(
        id: "secret-github-refresh-token", title: "GitHub App refresh token", prefix: "ghr",
        revoke: "Revoke the user's authorisation of the GitHub App, which invalidates its refresh tokens.",
        reference: "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens")

    static let githubFineGrainedPAT = SecretRule.prefixed(
        id: "secret-github-pat-fine-grained", title: "GitHub fine-grained personal access token", severity: .critical,
        token: "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", right: "[A-Za-z0-9_]", entropy: 4.0,
        remediation: Advice.revoke("Delete the token at GitHub > Settings > Developer settings > "
            + "Fine-grained tokens (an organisation owner can revoke it too)."),
        references: ["https://docs.github.com/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens"],
        samples: { g in ["GH_TOKEN=" + "github" + "_pat_" + g.alnum(22) + "_" + g.alnum(59)] },
        negatives: { g in [
            "github" + "_pat_" + g.alnum(22) + "_" + g.alnum(40),
            "github" + "_pat_" + String(repeating: "X", count: 22) + "_" + String(repeating: "X", count: 59),
        ] })

    static let githubOAuthClientSecret = SecretRule.keyed(
        id: "secret-github-oauth-client-secret", title: "GitHub OAuth app client secret", severity: .high,
        keyword: #"github\w{0,20}(?:client_?)?secret"#, secret: "[a-f0-9]{40}", alphabet: "[A-Za-z0-9]",
        gap: 10, entropy: 3.4,
        remediation: Advice.revoke("Generate a new client secret in the OAuth app's settings and delete the "
            + "old one."),
        references: ["https://docs.github.com/apps/oauth-apps/maintaining-oauth-apps/modifying-an-oauth-app"],
        samples: { g in ["GITHUB_CLIENT_SECRET=" + g.hex(40)] },
        negatives: { g in ["GITHUB_CLIENT_SECRET=" + g.hex(32), "github_sha: " + g.hex(40)] })

    // MARK: GitLab

    /// A GitLab token: its documented prefix, then base64url characters.
    static func gitlab(id: String, title: String, prefix: String, body: String = "[A-Za-z0-9_-]{20}",
                       severity: Severity = .critical, sample: @escaping @Sendable (SampleGenerator) -> String,
                       revoke: String, entropy: Double = 3.2) -> SecretRule {
        SecretRule.prefixed(
            id: id, title: title, severity: severity,
            token: prefix + body, right: "[A-Za-z0-9_-]", entropy: entropy,
            remediation: Advice.revoke(revoke),
            references: ["https://docs.gitlab.com/security/tokens/"],
            samples: { g in
                let split = String(prefix.prefix(2)) + String(prefix.dropFirst(2))
                return ["GITLAB_TOKEN=" + split + sample(g), "token: \"" + split + sample(g) + "\""]
            },
            negatives: { g in
                let split = String(prefix.prefix(2)) + String(prefix.dropFirst(2))
                return [split + String(repeating: "x", count: 20), split + g.alnum(8)]
            })
    }

    static let gitlabPAT = gitlab(
        id: "secret-gitlab-pat", title: "GitLab personal, project or group access token", prefix: "glpat-",
        body: #"[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?"#,
        sample: { $0.base64URL(20) },
        revoke: "Revoke the token in GitLab (User settings > Access tokens, or the project's or group's "
            + "Access tokens page).")

    static let gitlabDeployToken = gitlab(
        id: "secret-gitlab-deploy-token", title: "GitLab deploy token", prefix: "gldt-", severity: .high,
        sample: { $0.base64URL(20) },
        revoke: "Revoke the deploy token in the project's Settings > Repository > Deploy tokens.")

    static let gitlabRunnerToken = gitlab(
        id: "secret-gitlab-runner-token", title: "GitLab runner authentication token", prefix: "glrt-",
        body: "[A-Za-z0-9_-]{20,64}", severity: .high, sample: { $0.base64URL(20) },
        revoke: "Reset the runner's authentication token (Settings > CI/CD > Runners, or "
            + "`POST /runners/reset_authentication_token`) and re-register it.")

    static let gitlabRunnerRegistrationToken = gitlab(
        id: "secret-gitlab-runner-registration-token", title: "GitLab runner registration token (legacy)",
        prefix: "GR1348941", severity: .high, sample: { $0.base64URL(20) },
        revoke: "Reset the registration token in Settings > CI/CD > Runners and migrate to runner "
            + "authentication tokens.")

    static let gitlabPipelineTriggerToken = gitlab(
        id: "secret-gitlab-pipeline-trigger-token", title: "GitLab pipeline trigger token", prefix: "glptt-",
        body: "[0-9a-f]{40}", severity: .high, sample: { $0.hex(40) },
        revoke: "Revoke the trigger in the project's Settings > CI/CD > Pipeline trigger tokens.", entropy: 3.0)

    static let gitlabCIBuildToken = gitlab(
        id: "secret-gitlab-ci-build-token", title: "GitLab CI/CD job token", prefix: "glcbt-",
        body: "[0-9a-f]{1,5}_[A-Za-z0-9_-]{20}", severity: .medium,
        sample: { $0.hex(2) + "_" + $0.base64URL(20) },
        revoke: "Job tokens expire with their job; find how it left the job log or artifact.")

    static let gitlabFeedToken = gitlab(
        id: "secret-gitlab-feed-token", title: "GitLab feed token", prefix: "glft-", severity: .medium,
        sample: { $0.base64URL(20) },
        revoke: "Reset the feed token in User settings > Access tokens.")

    static let gitlabIncomingMailToken = gitlab(
        id: "secret-gitlab-incoming-mail-token", title: "GitLab incoming email token", prefix: "glimt-",
        body: "[A-Za-z0-9_-]{25}", severity: .medium, sample: { $0.base64URL(25) },
        revoke: "Reset the incoming email token in User settings > Access tokens.")

    static let gitlabAgentToken = gitlab(
        id: "secret-gitlab-kubernetes-agent-token", title: "GitLab agent for Kubernetes token",
        prefix: "glagent-", body: "[A-Za-z0-9_-]{50}", severity: .high, sample: { $0.base64URL(50) },
        revoke: "Revoke the agent token in Operate > Kubernetes clusters > the agent > Access tokens.")

    static let gitlabOAuthAppSecret = gitlab(
        id: "secret-gitlab-oauth-app-secret", title: "GitLab OAuth application secret", prefix: "gloas-",
        body: "[A-Za-z0-9_-]{64}", severity: .high, sample: { $0.base64URL(64) },
        revoke: "Renew the application secret in the OAuth application's settings.")

    static let gitlabSCIMToken = gitlab(
        id: "secret-gitlab-scim-token", title: "GitLab SCIM OAuth token", prefix: "glsoat-",
        severity: .high, sample: { $0.base64URL(20) },
        revoke: "Reset the SCIM token in the group's Settings > SAML SSO.")

    static let gitlabFeatureFlagToken = gitlab(
        id: "secret-gitlab-feature-flag-client-token", title: "GitLab feature flags client token",
        prefix: "glffct-", severity: .low, sample: { $0.base64URL(20) },
        revoke: "Reset the instance ID in Deploy > Feature flags > Configure.")
}
