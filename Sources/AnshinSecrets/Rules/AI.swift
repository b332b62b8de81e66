import AnshinCore
// AI providers: OpenAI, Anthropic and the model hosts a startup tries.
// Formats: each provider's API key page; OpenAI keys embed `T3BlbkFJ` (base64 of "OpenAI").

extension SecretRule {
    static let openAIProjectKey = SecretRule.prefixed(
        id: "secret-openai-api-key", title: "OpenAI API key (project, service account or admin)", severity: .high,
        token: "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}",
        right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the key in the OpenAI platform (Settings > API keys, or the "
            + "project's keys); usage is billed to you."),
        references: ["https://platform.openai.com/docs/api-reference/authentication"],
        samples: { g in [
            "OPENAI_API_KEY=" + "sk" + "-proj-" + g.base64URL(74) + "T3Blbk" + "FJ" + g.base64URL(74),
            "openai.api_key = \"" + "sk" + "-svcacct-" + g.base64URL(30) + "T3Blbk" + "FJ" + g.base64URL(30) + "\"",
        ] },
        negatives: { g in ["sk" + "-proj-" + g.base64URL(40)] })

    static let openAILegacyKey = SecretRule.prefixed(
        id: "secret-openai-api-key-legacy", title: "OpenAI API key (user, legacy format)", severity: .high,
        token: "sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the key in the OpenAI platform (Settings > API keys)."),
        references: ["https://platform.openai.com/docs/api-reference/authentication"],
        samples: { g in ["OPENAI_API_KEY=" + "sk" + "-" + g.alnum(20) + "T3Blbk" + "FJ" + g.alnum(20)] },
        negatives: { g in ["sk" + "-" + g.alnum(48)] })

    static let anthropicAPIKey = SecretRule.prefixed(
        id: "secret-anthropic-api-key", title: "Anthropic API key", severity: .high,
        token: "sk-ant-api03-[A-Za-z0-9_-]{93}AA", right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Disable and delete the key in the Claude Console (Settings > API keys)."),
        references: ["https://docs.anthropic.com/en/api/overview#authentication"],
        samples: { g in ["ANTHROPIC_API_KEY=" + "sk" + "-ant-api03-" + g.base64URL(93) + "AA"] },
        negatives: { g in ["sk" + "-ant-api03-" + g.base64URL(40) + "AA"] })

    static let anthropicAdminKey = SecretRule.prefixed(
        id: "secret-anthropic-admin-key", title: "Anthropic Admin API key", severity: .critical,
        token: "sk-ant-admin01-[A-Za-z0-9_-]{93}AA", right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Delete the Admin key in the Claude Console (Settings > Admin keys); it "
            + "manages your organization's members and keys."),
        references: ["https://docs.anthropic.com/en/api/administration-api"],
        samples: { g in ["ANTHROPIC_ADMIN_KEY=" + "sk" + "-ant-admin01-" + g.base64URL(93) + "AA"] },
        negatives: { g in ["sk" + "-ant-admin01-" + g.base64URL(30)] })
}
