import AnshinCore
// Chat and notifications: Slack, Discord, Microsoft Teams, Telegram.
// Formats: Slack's "Token types" page (xoxb-, xoxp-, xapp-, xoxe- prefixes) and incoming webhooks.

extension SecretRule {
    static let slackRevoke = "Revoke the token (api.slack.com/apps > the app > OAuth & Permissions > "
        + "Revoke, or `auth.revoke`) and reinstall the app to get a new one."

    static let slackBotToken = SecretRule.prefixed(
        id: "secret-slack-bot-token", title: "Slack bot token", severity: .high,
        token: "xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}", right: "[A-Za-z0-9-]",
        remediation: Advice.revoke(slackRevoke),
        references: ["https://api.slack.com/concepts/token-types"],
        samples: { g in ["SLACK_BOT_TOKEN=" + "xo" + "xb-" + g.digits(12) + "-" + g.digits(13) + "-" + g.alnum(24)] },
        negatives: { g in [
            "xo" + "xb-" + g.digits(12) + "-" + g.digits(13) + "-" + String(repeating: "x", count: 24),
            "xo" + "xb-" + "123456789012-1234567890123-" + g.alnum(12),
        ] })

    static let slackUserToken = SecretRule.prefixed(
        id: "secret-slack-user-token", title: "Slack user token", severity: .critical,
        token: "xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}", right: "[A-Za-z0-9-]",
        remediation: Advice.revoke(slackRevoke),
        references: ["https://api.slack.com/concepts/token-types"],
        samples: { g in ["token = '" + "xo" + "xp-" + g.digits(11) + "-" + g.digits(12) + "-" + g.digits(13) + "-" + g.hex(32) + "'"] },
        negatives: { g in ["xo" + "xp-" + g.digits(11) + "-" + g.digits(12) + "-" + g.digits(13) + "-" + String(repeating: "0", count: 32)] })

    static let slackAppToken = SecretRule.prefixed(
        id: "secret-slack-app-token", title: "Slack app-level token", severity: .high,
        token: "xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[a-f0-9]{64}", right: "[A-Za-z0-9-]",
        remediation: Advice.revoke("Revoke the app-level token in the app's Basic Information > App-Level "
            + "Tokens and generate a new one."),
        references: ["https://api.slack.com/concepts/token-types"],
        samples: { g in ["SLACK_APP_TOKEN=" + "xa" + "pp-1-" + g.upperAlnum(11) + "-" + g.digits(13) + "-" + g.hex(64)] },
        negatives: { g in ["xa" + "pp-1-" + g.upperAlnum(11) + "-" + g.digits(13) + "-" + g.hex(20)] })

    static let slackConfigToken = SecretRule.prefixed(
        id: "secret-slack-configuration-token", title: "Slack app configuration or refresh token", severity: .high,
        token: #"xoxe(?:\.xox[bp])?-1-[A-Za-z0-9]{140,200}"#, right: "[A-Za-z0-9-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the configuration token at api.slack.com/apps (Your App "
            + "Configuration Tokens) or with `tooling.tokens.rotate`."),
        references: ["https://api.slack.com/authentication/config-tokens"],
        samples: { g in [
            "SLACK_CONFIG_TOKEN=" + "xo" + "xe.xoxp-1-" + g.alnum(166),
            "refresh: " + "xo" + "xe-1-" + g.alnum(146),
        ] },
        negatives: { g in ["xo" + "xe-1-" + g.alnum(40)] })

    static let slackLegacyToken = SecretRule.prefixed(
        id: "secret-slack-legacy-token", title: "Slack legacy, workspace or session token", severity: .high,
        token: "xox[aors]-(?:[0-9]{1,13}-){1,3}[A-Za-z0-9]{16,64}", right: "[A-Za-z0-9-]", entropy: 3.5,
        remediation: Advice.revoke("Revoke the token with `auth.revoke` (legacy tokens: "
            + "api.slack.com/legacy/custom-integrations/legacy-tokens) and move to a Slack app."),
        references: ["https://api.slack.com/legacy/custom-integrations/legacy-tokens"],
        samples: { g in ["slack_token: " + "xo" + "xs-" + g.digits(11) + "-" + g.digits(12) + "-" + g.alnum(40)] },
        negatives: { g in ["xo" + "xa-" + g.digits(4) + "-" + g.alnum(8)] })

    static let slackWebhook = SecretRule.prefixed(
        id: "secret-slack-webhook-url", title: "Slack incoming webhook URL", severity: .medium,
        token: #"https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}"#,
        right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Remove the webhook (api.slack.com/apps > the app > Incoming Webhooks, or "
            + "the channel's integrations) and create a new one; anyone with the URL can post."),
        references: ["https://api.slack.com/messaging/webhooks"],
        samples: { g in ["SLACK_WEBHOOK=" + "https://hooks.sl" + "ack.com/services/T" + g.upperAlnum(10) + "/B" + g.upperAlnum(10) + "/" + g.alnum(24)] },
        negatives: { _ in ["https://hooks.sl" + "ack.com/services/T00000000/B00000000/" + String(repeating: "X", count: 24)] })

    static let slackWorkflowWebhook = SecretRule.prefixed(
        id: "secret-slack-workflow-webhook-url", title: "Slack workflow webhook URL", severity: .medium,
        token: #"https://hooks\.slack\.com/(?:workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[0-9]{15,20}/[A-Za-z0-9]{32}"#,
        right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Delete the workflow's webhook trigger and create a new one."),
        references: ["https://slack.com/help/articles/360041352714"],
        samples: { g in ["url: " + "https://hooks.sl" + "ack.com/triggers/T" + g.upperAlnum(10) + "/" + g.upperAlnum(11) + "/" + g.digits(18) + "/" + g.alnum(32)] },
        negatives: { g in ["https://hooks.sl" + "ack.com/triggers/T" + g.upperAlnum(10) + "/" + g.upperAlnum(11) + "/" + g.digits(18) + "/" + String(repeating: "a", count: 32)] })

    static let discordWebhook = SecretRule.prefixed(
        id: "secret-discord-webhook-url", title: "Discord webhook URL", severity: .medium,
        token: #"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}"#,
        right: "[A-Za-z0-9_-]", entropy: 3.5,
        remediation: Advice.revoke("Delete the webhook (Server settings > Integrations > Webhooks) and create "
            + "a new one."),
        references: ["https://support.discord.com/hc/en-us/articles/228383668"],
        samples: { g in ["DISCORD_WEBHOOK=" + "https://disc" + "ord.com/api/webhooks/" + g.digits(19) + "/" + g.base64URL(68)] },
        negatives: { g in ["https://disc" + "ord.com/api/webhooks/" + g.digits(19) + "/" + g.base64URL(20)] })

    static let discordBotToken = SecretRule.keyed(
        id: "secret-discord-bot-token", title: "Discord bot token", severity: .high,
        keyword: #"discord|bot_?token"#,
        secret: #"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}"#, alphabet: "[A-Za-z0-9_.-]",
        gap: 20, prefilter: "[MNO][A-Za-z0-9_-]{16}", entropy: 4.0,
        remediation: Advice.revoke("Reset the token in the Developer Portal (Applications > the app > Bot > "
            + "Reset Token)."),
        references: ["https://discord.com/developers/docs/topics/oauth2#bots"],
        samples: { g in ["DISCORD_BOT_TOKEN=" + "M" + g.base64URL(25) + "." + g.base64URL(6) + "." + g.base64URL(38)] },
        negatives: { g in ["DISCORD_BOT_TOKEN=" + "M" + g.base64URL(25) + "." + g.base64URL(6)] })

    static let telegramBotToken = SecretRule.prefixed(
        id: "secret-telegram-bot-token", title: "Telegram bot token", severity: .high,
        token: "[0-9]{8,10}:AA[A-Za-z0-9_-]{33}", right: "[A-Za-z0-9_-]", entropy: 3.8,
        remediation: Advice.revoke("Revoke the token with @BotFather (/revoke) and update the bot."),
        references: ["https://core.telegram.org/bots/features#botfather"],
        samples: { g in ["TELEGRAM_BOT_TOKEN=" + g.digits(10) + ":A" + "A" + g.base64URL(33)] },
        negatives: { g in ["time " + g.digits(10) + ":A" + "A" + g.base64URL(10)] })

    static let teamsWebhook = SecretRule.prefixed(
        id: "secret-microsoft-teams-webhook-url", title: "Microsoft Teams incoming webhook URL", severity: .medium,
        token: #"https://[a-z0-9-]{1,60}\.webhook\.office\.com/webhookb2/[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[A-Za-z0-9_-]{40,60})?"#,
        right: "[A-Za-z0-9_-]", entropy: 3.0,
        remediation: Advice.revoke("Remove the Incoming Webhook connector (or workflow) from the channel and "
            + "create a new one."),
        references: ["https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook"],
        samples: { g in ["TEAMS_WEBHOOK=" + "https://acme.webhook.off" + "ice.com/webhookb2/" + g.uuid() + "@" + g.uuid() + "/IncomingWebhook/" + g.hex(32) + "/" + g.uuid()] },
        negatives: { g in ["https://acme.webhook.off" + "ice.com/webhookb2/" + g.uuid()] })
}
