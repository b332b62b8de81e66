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

extension SecretRule {
    static let huggingFaceToken = token(
        "secret-hugging-face-token", "Hugging Face access token", .high, "(?:hf|api_org)_[A-Za-z]{34}",
        right: "[A-Za-z0-9]", entropy: 3.8, variable: "HF_TOKEN",
        revoke: "Invalidate the token at huggingface.co/settings/tokens; check the models and datasets it "
            + "could write.",
        reference: "https://huggingface.co/docs/hub/security-tokens",
        sample: { "h" + "f_" + $0.string(34, from: SampleGenerator.upper + SampleGenerator.lower) },
        negative: { "h" + "f_" + $0.string(12, from: SampleGenerator.lower) })

    static let replicateToken = token(
        "secret-replicate-api-token", "Replicate API token", .high, "r8_[A-Za-z0-9]{37}", entropy: 3.8,
        variable: "REPLICATE_API_TOKEN",
        revoke: "Delete the token at replicate.com/account/api-tokens.",
        reference: "https://replicate.com/docs/topics/security/api-tokens",
        sample: { "r" + "8_" + $0.alnum(37) }, negative: { "r" + "8_" + $0.alnum(10) })

    static let groqKey = token(
        "secret-groq-api-key", "Groq API key", .high, "gsk_[A-Za-z0-9]{52}", entropy: 4.0, variable: "GROQ_API_KEY",
        revoke: "Delete the key in the Groq console (API Keys).",
        reference: "https://console.groq.com/docs/quickstart",
        sample: { "gs" + "k_" + $0.alnum(52) }, negative: { "gs" + "k_" + $0.alnum(12) })

    static let perplexityKey = token(
        "secret-perplexity-api-key", "Perplexity API key", .high, "pplx-[A-Za-z0-9]{48}", entropy: 4.0,
        variable: "PERPLEXITY_API_KEY",
        revoke: "Revoke the key in Perplexity's API settings.",
        reference: "https://docs.perplexity.ai/guides/getting-started",
        sample: { "pp" + "lx-" + $0.alnum(48) }, negative: { "pp" + "lx-" + $0.alnum(12) })

    static let xAIKey = token(
        "secret-xai-api-key", "xAI API key", .high, "xai-[A-Za-z0-9]{80}", entropy: 4.0, variable: "XAI_API_KEY",
        revoke: "Delete the key in the xAI console (API Keys).",
        reference: "https://docs.x.ai/docs/overview",
        sample: { "xa" + "i-" + $0.alnum(80) }, negative: { "xa" + "i-" + $0.alnum(20) })

    static let openRouterKey = token(
        "secret-openrouter-api-key", "OpenRouter API key", .high, "sk-or-v1-[a-f0-9]{64}", variable: "OPENROUTER_API_KEY",
        revoke: "Delete the key at openrouter.ai/settings/keys.",
        reference: "https://openrouter.ai/docs/api-reference/authentication",
        sample: { "s" + "k-or-v1-" + $0.hex(64) }, negative: { "s" + "k-or-v1-" + $0.hex(16) })

    static let langSmithKey = token(
        "secret-langsmith-api-key", "LangSmith API key", .high, "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
        variable: "LANGSMITH_API_KEY",
        revoke: "Delete the key in LangSmith (Settings > API Keys).",
        reference: "https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key",
        sample: { "ls" + "v2_pt_" + $0.hex(32) + "_" + $0.hex(10) }, negative: { "ls" + "v2_pt_" + $0.hex(32) })

    static let pineconeKey = token(
        "secret-pinecone-api-key", "Pinecone API key", .high, "pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,80}",
        entropy: 4.0, variable: "PINECONE_API_KEY",
        revoke: "Delete the key in the Pinecone console (API Keys).",
        reference: "https://docs.pinecone.io/guides/projects/manage-api-keys",
        sample: { "pc" + "sk_" + $0.alnum(6) + "_" + $0.alnum(63) }, negative: { "pc" + "sk_" + $0.alnum(6) + "_" + $0.alnum(10) })

    static let elevenLabsKey = token(
        "secret-elevenlabs-api-key", "ElevenLabs API key", .medium, "sk_[a-f0-9]{48}", variable: "ELEVENLABS_API_KEY",
        revoke: "Delete the key in ElevenLabs (Profile > API keys).",
        reference: "https://elevenlabs.io/docs/api-reference/authentication",
        sample: { "s" + "k_" + $0.hex(48) }, negative: { "s" + "k_" + $0.hex(20) })

    static let cohereKey = keyedToken(
        "secret-cohere-api-key", "Cohere API key", .high,
        keyword: #"cohere\w{0,20}(?:key|token)|co_api_key"#, secret: "[A-Za-z0-9]{40}", alphabet: "[A-Za-z0-9]",
        entropy: 4.0, variable: "COHERE_API_KEY",
        revoke: "Delete the key in the Cohere dashboard (API Keys).",
        reference: "https://docs.cohere.com/docs/rate-limits",
        sample: { $0.alnum(40) }, negative: { $0.alnum(20) })

    static let mistralKey = keyedToken(
        "secret-mistral-api-key", "Mistral AI API key", .high,
        keyword: #"mistral\w{0,20}(?:key|token)"#, secret: "[A-Za-z0-9]{32}", alphabet: "[A-Za-z0-9]", entropy: 3.8,
        variable: "MISTRAL_API_KEY",
        revoke: "Delete the key in Mistral's La Plateforme (API Keys).",
        reference: "https://docs.mistral.ai/getting-started/quickstart/",
        sample: { $0.alnum(32) }, negative: { $0.alnum(16) })

    static let deepgramKey = keyedToken(
        "secret-deepgram-api-key", "Deepgram API key", .high,
        keyword: #"deepgram\w{0,20}(?:key|token|secret)"#, secret: "[a-f0-9]{40}", alphabet: "[A-Za-z0-9]",
        variable: "DEEPGRAM_API_KEY",
        revoke: "Delete the key in the Deepgram console (the project > API Keys).",
        reference: "https://developers.deepgram.com/docs/create-additional-api-keys",
        sample: { $0.hex(40) }, negative: { $0.hex(20) })
}
