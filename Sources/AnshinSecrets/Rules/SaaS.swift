import AnshinCore
// The SaaS a startup uses: observability, email, package registries, hosting, identity,
// project tools. Each rule cites the provider's page on its keys.

extension SecretRule {
    // MARK: Observability

    static let datadogAPIKey = SecretRule.keyed(
        id: "secret-datadog-api-key", title: "Datadog API key", severity: .high,
        keyword: #"datadog|dd_?api_?key|dd-api-key|ddapikey"#, secret: "[a-f0-9]{32}", alphabet: "[A-Za-z0-9]",
        // Random 32-digit hex sits around 3.7 bits; one key in 270 falls below 3.2, one in 8,000 below 3.0.
        entropy: 3.0,
        remediation: Advice.revoke("Revoke the key in Datadog (Organization settings > API keys) after "
            + "creating its replacement; API keys let anyone submit data to your account."),
        references: ["https://docs.datadoghq.com/account_management/api-app-keys/"],
        samples: { g in [
            "DD_API_KEY=" + g.hex(32),
            "datadog: { api_key: \"" + g.hex(32) + "\" }",
            "provider \"datadog\" { api_key = \"" + g.hex(32) + "\" }",
        ] },
        negatives: { g in [
            "DD_API_KEY=" + g.hex(40),
            "DD_API_KEY=" + String(repeating: "0", count: 32),
            "md5sum " + g.hex(32),
            "DD_APP_KEY=" + g.hex(40),
        ] })

    static let datadogAppKey = SecretRule.keyed(
        id: "secret-datadog-application-key", title: "Datadog application key", severity: .high,
        keyword: #"dd_?app(?:lication)?_?key|dd-application-key|datadog\w{0,10}app(?:lication)?_?key"#,
        secret: "[a-f0-9]{40}", alphabet: "[A-Za-z0-9]", entropy: 3.2,
        remediation: Advice.revoke("Revoke the application key (Organization settings > Application keys, "
            + "or Personal settings for your own); it acts with its owner's permissions."),
        references: ["https://docs.datadoghq.com/account_management/api-app-keys/"],
        samples: { g in ["DD_APP_KEY=" + g.hex(40), "datadog_application_key: '" + g.hex(40) + "'"] },
        negatives: { g in ["DD_APP_KEY=" + g.hex(32), "DD_APP_KEY=" + "${DATADOG_APP_KEY}"] })

    static let sentryOrgToken = SecretRule.prefixed(
        id: "secret-sentry-org-auth-token", title: "Sentry organization auth token", severity: .high,
        token: "sntrys_eyJ[A-Za-z0-9+/=_-]{60,400}", right: "[A-Za-z0-9+/=_-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the token in Sentry (Settings > Developer settings > "
            + "Organization tokens)."),
        references: ["https://docs.sentry.io/account/auth-tokens/"],
        samples: { g in ["SENTRY_AUTH_TOKEN=" + "sntr" + "ys_" + SampleGenerator.base64Encode("{\"iat\":1700000000,\"url\":\"https://sentry.io\",\"org\":\"acme\"}") + "_" + g.base64(43)] },
        negatives: { g in ["sntr" + "ys_" + "eyJ" + g.base64(10)] })

    static let sentryUserToken = SecretRule.prefixed(
        id: "secret-sentry-user-auth-token", title: "Sentry user auth token", severity: .high,
        token: "sntryu_[a-f0-9]{64}", right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Revoke the token in Sentry (User settings > Personal tokens)."),
        references: ["https://docs.sentry.io/account/auth-tokens/"],
        samples: { g in ["SENTRY_AUTH_TOKEN=" + "sntr" + "yu_" + g.hex(64)] },
        negatives: { g in ["sntr" + "yu_" + g.hex(32)] })

    static let newRelicUserKey = SecretRule.prefixed(
        id: "secret-new-relic-user-api-key", title: "New Relic user API key", severity: .high,
        token: "NRAK-[A-Z0-9]{27}", right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Delete the key in New Relic (API keys UI) and create another."),
        references: ["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
        samples: { g in ["NEW_RELIC_API_KEY=" + "NR" + "AK-" + g.upperAlnum(27)] },
        negatives: { g in ["NR" + "AK-" + g.upperAlnum(10)] })

    static let newRelicLicenseKey = SecretRule.prefixed(
        id: "secret-new-relic-license-key", title: "New Relic ingest license key", severity: .medium,
        token: "[a-f0-9]{36}NRAL", right: "[A-Za-z0-9]", entropy: 3.0,
        remediation: Advice.revoke("Rotate the license key (API keys UI: create a new ingest key, deploy it, "
            + "delete the old one)."),
        references: ["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#license-key"],
        samples: { g in ["NEW_RELIC_LICENSE_KEY=" + g.hex(36) + "NR" + "AL"] },
        negatives: { g in ["NEW_RELIC_LICENSE_KEY=" + g.hex(40)] })

    static let newRelicInsertKey = SecretRule.prefixed(
        id: "secret-new-relic-insert-key", title: "New Relic insights insert key", severity: .medium,
        token: "NRII-[A-Za-z0-9_-]{32}", right: "[A-Za-z0-9_-]", entropy: 3.5,
        remediation: Advice.revoke("Delete the insert key in the API keys UI."),
        references: ["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
        samples: { g in ["insert_key: " + "NR" + "II-" + g.base64URL(32)] },
        negatives: { g in ["NR" + "II-" + g.base64URL(8)] })

    // MARK: Email

    static let sendgridAPIKey = SecretRule.prefixed(
        id: "secret-sendgrid-api-key", title: "SendGrid API key", severity: .high,
        token: #"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"#, right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Delete the key in SendGrid (Settings > API Keys); a leaked key sends mail "
            + "as your domain."),
        references: ["https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys"],
        samples: { g in ["SENDGRID_API_KEY=" + "S" + "G." + g.base64URL(22) + "." + g.base64URL(43)] },
        negatives: { g in ["S" + "G." + g.base64URL(22) + "." + g.base64URL(12)] })

    static let mailgunAPIKey = SecretRule.prefixed(
        id: "secret-mailgun-api-key", title: "Mailgun API key", severity: .high,
        token: "key-[0-9a-f]{32}", right: "[A-Za-z0-9]", entropy: 3.2,
        remediation: Advice.revoke("Rotate the key in Mailgun (Account settings > API keys)."),
        references: ["https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#primary-account-api-key"],
        samples: { g in ["MAILGUN_API_KEY=" + "ke" + "y-" + g.hex(32)] },
        negatives: { g in ["cache-key-" + g.hex(12)] })

    static let mailgunPrivateKey = SecretRule.keyed(
        id: "secret-mailgun-private-api-key", title: "Mailgun private API key", severity: .high,
        keyword: "mailgun|mg_?api_?key", secret: "[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}", alphabet: "[A-Za-z0-9-]",
        entropy: 3.2,
        remediation: Advice.revoke("Rotate the key in Mailgun (Account settings > API keys)."),
        references: ["https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/"],
        samples: { g in ["MAILGUN_API_KEY=" + g.hex(32) + "-" + g.hex(8) + "-" + g.hex(8)] },
        negatives: { g in ["MAILGUN_DOMAIN=" + g.hex(8)] })

    static let mailchimpAPIKey = SecretRule.prefixed(
        id: "secret-mailchimp-api-key", title: "Mailchimp API key", severity: .high,
        token: "[0-9a-f]{32}-us[0-9]{1,2}", right: "[A-Za-z0-9]", entropy: 3.2,
        remediation: Advice.revoke("Disable the key in Mailchimp (Profile > Extras > API keys)."),
        references: ["https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key"],
        samples: { g in ["MAILCHIMP_KEY=" + g.hex(32) + "-u" + "s21"] },
        negatives: { g in ["id=" + g.hex(16) + "-us1"] })

    static let brevoAPIKey = SecretRule.prefixed(
        id: "secret-brevo-api-key", title: "Brevo (Sendinblue) API key", severity: .high,
        token: "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Delete the key in Brevo (SMTP & API > API keys)."),
        references: ["https://developers.brevo.com/docs/getting-started"],
        samples: { g in ["BREVO_API_KEY=" + "xkey" + "sib-" + g.hex(64) + "-" + g.alnum(16)] },
        negatives: { g in ["xkey" + "sib-" + g.hex(10)] })

    static let postmarkToken = SecretRule.keyed(
        id: "secret-postmark-server-token", title: "Postmark server or account token", severity: .high,
        keyword: #"postmark|x-postmark-(?:server|account)-token"#,
        secret: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", alphabet: "[A-Za-z0-9-]",
        entropy: 3.0,
        remediation: Advice.revoke("Reset the token in Postmark (the server's API Tokens tab)."),
        references: ["https://postmarkapp.com/developer/api/overview#authentication"],
        samples: { g in ["POSTMARK_SERVER_TOKEN=" + g.uuid()] },
        negatives: { _ in ["POSTMARK_SERVER_TOKEN=" + "00000000-0000-0000-0000-000000000000"] })

    // MARK: Package registries and artifacts

    static let npmToken = SecretRule.prefixed(
        id: "secret-npm-access-token", title: "npm access token", severity: .critical,
        token: "npm_[A-Za-z0-9]{36}", right: "[A-Za-z0-9_]", entropy: 3.5,
        checks: [.checksum(.crc32Base62(prefixLength: 4))],
        remediation: Advice.revoke("Revoke the token (`npm token revoke`, or npmjs.com > Access Tokens); check "
            + "your packages' recent versions for tampering."),
        references: ["https://docs.npmjs.com/revoking-access-tokens",
                     "https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/"],
        samples: { g in [
            "//registry.npmjs.org/:_authToken=" + g.crc32Token(prefix: "np" + "m_"),
            "NPM_TOKEN=" + g.crc32Token(prefix: "np" + "m_"),
        ] },
        negatives: { g in [
            "NPM_TOKEN=" + g.corrupt(g.crc32Token(prefix: "np" + "m_")),
            "NPM_TOKEN=" + "np" + "m_" + String(repeating: "x", count: 36),
        ] })

    static let pypiToken = SecretRule.prefixed(
        id: "secret-pypi-upload-token", title: "PyPI upload token", severity: .critical,
        token: "pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}", right: "[A-Za-z0-9_-]",
        entropy: 4.0,
        remediation: Advice.revoke("Remove the token in PyPI (Account settings > API tokens); prefer trusted "
            + "publishing from CI."),
        references: ["https://pypi.org/help/#apitoken", "https://docs.pypi.org/trusted-publishers/"],
        samples: { g in ["password = " + "py" + "pi-AgEIcHlwaS5vcmc" + g.base64URL(150)] },
        negatives: { g in ["py" + "pi-AgEIcHlwaS5vcmc" + g.base64URL(12)] })

    static let dockerHubToken = SecretRule.prefixed(
        id: "secret-docker-hub-access-token", title: "Docker Hub personal or organization access token",
        severity: .high,
        token: "dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}", right: "[A-Za-z0-9_-]", entropy: 3.5,
        remediation: Advice.revoke("Delete the token in Docker Hub (Account settings > Personal access tokens, "
            + "or the organization's access tokens)."),
        references: ["https://docs.docker.com/security/for-developers/access-tokens/"],
        samples: { g in ["DOCKERHUB_TOKEN=" + "dck" + "r_pat_" + g.base64URL(27)] },
        negatives: { g in ["dck" + "r_pat_" + g.base64URL(10)] })

    static let rubygemsKey = SecretRule.prefixed(
        id: "secret-rubygems-api-key", title: "RubyGems API key", severity: .high,
        token: "rubygems_[a-f0-9]{48}", right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Delete the key at rubygems.org (Settings > API keys)."),
        references: ["https://guides.rubygems.org/api-key-scopes/"],
        samples: { g in ["GEM_HOST_API_KEY=" + "ruby" + "gems_" + g.hex(48)] },
        negatives: { g in ["ruby" + "gems_" + g.hex(16)] })

    static let nugetKey = SecretRule.prefixed(
        id: "secret-nuget-api-key", title: "NuGet API key", severity: .high,
        token: "oy2[a-z0-9]{43}", right: "[A-Za-z0-9]", entropy: 3.8,
        remediation: Advice.revoke("Delete or regenerate the key at nuget.org (API Keys)."),
        references: ["https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys"],
        samples: { g in ["NUGET_API_KEY=" + "o" + "y2" + g.lowerAlnum(43)] },
        negatives: { g in ["oy2" + g.lowerAlnum(10)] })

    static let jfrogAPIKey = SecretRule.prefixed(
        id: "secret-jfrog-api-key", title: "JFrog Artifactory API key", severity: .high,
        token: "AKCp[A-Za-z0-9]{69}", right: "[A-Za-z0-9]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the API key in the JFrog Platform (Edit profile > API key) and move "
            + "to access tokens."),
        references: ["https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key"],
        samples: { g in ["ARTIFACTORY_API_KEY=" + "AK" + "Cp" + g.alnum(69)] },
        negatives: { g in ["AK" + "Cp" + g.alnum(20)] })

    static let jfrogReferenceToken = SecretRule.prefixed(
        id: "secret-jfrog-reference-token", title: "JFrog reference (identity) token", severity: .high,
        token: "cmVmdGtuOjAxOj[A-Za-z0-9]{40,80}", right: "[A-Za-z0-9]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the token in the JFrog Platform (Administration > Identity and "
            + "Access > Access Tokens)."),
        references: ["https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens"],
        samples: { g in ["JFROG_TOKEN=" + "cmVmdGtu" + "OjAxOj" + g.alnum(58)] },
        negatives: { g in ["cmVmdGtu" + "OjAxOj" + g.alnum(10)] })

    // MARK: Hosting and infrastructure

    static let herokuAPIKey = SecretRule.prefixed(
        id: "secret-heroku-api-key", title: "Heroku API key", severity: .high,
        token: "HRKU-AA[A-Za-z0-9_-]{58}", right: "[A-Za-z0-9_-]", entropy: 3.8,
        remediation: Advice.revoke("Regenerate the API key (Account settings > API Key > Regenerate) or revoke "
            + "the authorization (`heroku authorizations:revoke`)."),
        references: ["https://devcenter.heroku.com/articles/authentication"],
        samples: { g in ["HEROKU_API_KEY=" + "HR" + "KU-AA" + g.base64URL(58)] },
        negatives: { g in ["HR" + "KU-AA" + g.base64URL(20)] })

    static let herokuLegacyAPIKey = SecretRule.keyed(
        id: "secret-heroku-api-key-legacy", title: "Heroku API key (legacy UUID)", severity: .high,
        keyword: "heroku", secret: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        alphabet: "[A-Za-z0-9-]", gap: 30, entropy: 3.0,
        remediation: Advice.revoke("Regenerate the API key (Account settings > API Key > Regenerate)."),
        references: ["https://devcenter.heroku.com/articles/authentication"],
        samples: { g in ["HEROKU_API_KEY=" + g.uuid()] },
        negatives: { g in ["heroku_app_id: " + "00000000-0000-0000-0000-000000000000", "heroku = " + g.hex(32)] })

    static let digitalOceanToken = SecretRule.prefixed(
        id: "secret-digitalocean-token", title: "DigitalOcean personal access, OAuth or refresh token",
        severity: .critical,
        token: "do[opr]_v1_[a-f0-9]{64}", right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Delete the token in the DigitalOcean control panel (API > Tokens)."),
        references: ["https://docs.digitalocean.com/reference/api/create-personal-access-token/"],
        samples: { g in ["DIGITALOCEAN_TOKEN=" + "do" + "p_v1_" + g.hex(64)] },
        negatives: { g in ["do" + "p_v1_" + g.hex(20)] })

    static let terraformCloudToken = SecretRule.prefixed(
        id: "secret-terraform-cloud-token", title: "HCP Terraform (Terraform Cloud) API token", severity: .critical,
        token: #"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}"#, right: "[A-Za-z0-9_=-]", entropy: 4.0,
        remediation: Advice.revoke("Delete the token in HCP Terraform (User settings > Tokens, or the "
            + "organization's or team's API tokens); it can change infrastructure."),
        references: ["https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens"],
        samples: { g in ["credentials \"app.terraform.io\" { token = \"" + g.alnum(14) + ".atlas" + "v1." + g.base64URL(67) + "\" }"] },
        negatives: { g in [g.alnum(14) + ".atlas" + "v1." + g.base64URL(20)] })

    static let vaultServiceToken = SecretRule.prefixed(
        id: "secret-vault-service-token", title: "HashiCorp Vault service token", severity: .critical,
        token: #"hvs\.[A-Za-z0-9_-]{90,120}"#, right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the token (`vault token revoke`, or its accessor) and review the "
            + "audit log for its use."),
        references: ["https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes"],
        samples: { g in ["VAULT_TOKEN=" + "hv" + "s." + g.base64URL(95)] },
        negatives: { g in ["hv" + "s." + g.base64URL(24)] })

    static let vaultBatchToken = SecretRule.prefixed(
        id: "secret-vault-batch-token", title: "HashiCorp Vault batch token", severity: .high,
        token: #"hvb\.[A-Za-z0-9_-]{138,300}"#, right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Batch tokens cannot be revoked one by one: they expire with their TTL or "
            + "their parent; revoke the parent token or shorten the role's TTL."),
        references: ["https://developer.hashicorp.com/vault/docs/concepts/tokens#batch-tokens"],
        samples: { g in ["VAULT_TOKEN=" + "hv" + "b." + g.base64URL(150)] },
        negatives: { g in ["hv" + "b." + g.base64URL(24)] })

    // MARK: Identity

    static let oktaAPIToken = SecretRule.keyed(
        id: "secret-okta-api-token", title: "Okta API token", severity: .critical,
        keyword: "okta|ssws", secret: "00[A-Za-z0-9_-]{40}", alphabet: "[A-Za-z0-9_-]", gap: 30, entropy: 4.0,
        remediation: Advice.revoke("Revoke the token in the Okta admin console (Security > API > Tokens); it "
            + "carries its creator's admin rights."),
        references: ["https://developer.okta.com/docs/guides/create-an-api-token/main/"],
        samples: { g in ["OKTA_API_TOKEN=" + "00" + g.base64URL(40), "Authorization: SSWS " + "00" + g.base64URL(40)] },
        negatives: { g in ["OKTA_ORG_ID=" + "00" + g.alnum(18)] })

    static let auth0ClientSecret = SecretRule.keyed(
        id: "secret-auth0-client-secret", title: "Auth0 client secret", severity: .high,
        keyword: #"auth0\w{0,20}(?:client_?)?secret"#, secret: "[A-Za-z0-9_-]{64}", alphabet: "[A-Za-z0-9_-]",
        gap: 10, entropy: 4.2,
        remediation: Advice.revoke("Rotate the secret in the Auth0 dashboard (Applications > the application "
            + "> Settings > Rotate secret)."),
        references: ["https://auth0.com/docs/get-started/applications/rotate-client-secret"],
        samples: { g in ["AUTH0_CLIENT_SECRET=" + g.base64URL(64)] },
        negatives: { g in ["AUTH0_CLIENT_SECRET=" + g.base64URL(20), "AUTH0_CLIENT_SECRET=<your client secret>"] })

    // MARK: Project tools

    static let atlassianAPIToken = SecretRule.prefixed(
        id: "secret-atlassian-api-token", title: "Atlassian (Jira, Confluence) API token", severity: .high,
        token: "ATATT3[A-Za-z0-9_=-]{150,250}", right: "[A-Za-z0-9_=-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the token at id.atlassian.com (Security > API tokens)."),
        references: ["https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/"],
        samples: { g in ["JIRA_API_TOKEN=" + "ATAT" + "T3xFfGF0" + g.base64URL(170) + "=" + g.upperHex(8)] },
        negatives: { g in ["ATAT" + "T3" + g.base64URL(30)] })

    static let notionToken = SecretRule.prefixed(
        id: "secret-notion-integration-token", title: "Notion integration token", severity: .high,
        token: "(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})", right: "[A-Za-z0-9_]", entropy: 3.8,
        remediation: Advice.revoke("Refresh the integration's secret at notion.so/my-integrations (the "
            + "integration > Secrets > Refresh)."),
        references: ["https://developers.notion.com/docs/authorization"],
        samples: { g in [
            "NOTION_TOKEN=" + "nt" + "n_" + g.digits(11) + g.alnum(35),
            "NOTION_TOKEN=" + "sec" + "ret_" + g.alnum(43),
        ] },
        negatives: { g in ["secret_" + g.alnum(12), "my_secret_" + g.alnum(43) + "_more"] })

    static let linearAPIKey = SecretRule.prefixed(
        id: "secret-linear-api-key", title: "Linear API key", severity: .high,
        token: "lin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})", right: "[A-Za-z0-9]", entropy: 3.8,
        remediation: Advice.revoke("Revoke the key in Linear (Settings > Security & access > Personal API "
            + "keys, or the OAuth application)."),
        references: ["https://linear.app/developers/graphql#personal-api-keys"],
        samples: { g in ["LINEAR_API_KEY=" + "lin" + "_api_" + g.alnum(40)] },
        negatives: { g in ["lin" + "_api_" + g.alnum(20)] })

    static let shopifyToken = SecretRule.prefixed(
        id: "secret-shopify-access-token", title: "Shopify access token or shared secret", severity: .critical,
        token: "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", right: "[A-Za-z0-9]", entropy: 3.2,
        remediation: Advice.revoke("Rotate the app's credentials in the Shopify admin or Partner dashboard "
            + "(uninstalling a custom app revokes its tokens)."),
        references: ["https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens"],
        samples: { g in ["SHOPIFY_ACCESS_TOKEN=" + "shp" + "at_" + g.hex(32), "secret: " + "shp" + "ss_" + g.hex(32)] },
        negatives: { g in ["shp" + "at_" + g.hex(16)] })

    static let airtableToken = SecretRule.prefixed(
        id: "secret-airtable-personal-access-token", title: "Airtable personal access token", severity: .high,
        token: #"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}"#, right: "[A-Za-z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Delete the token at airtable.com/create/tokens."),
        references: ["https://airtable.com/developers/web/guides/personal-access-tokens"],
        samples: { g in ["AIRTABLE_TOKEN=" + "pa" + "t" + g.alnum(14) + "." + g.hex(64)] },
        negatives: { g in ["pa" + "t" + g.alnum(14) + "." + g.hex(20)] })

    static let postmanAPIKey = SecretRule.prefixed(
        id: "secret-postman-api-key", title: "Postman API key", severity: .high,
        token: "PMAK-[a-f0-9]{24}-[a-f0-9]{34}", right: "[A-Za-z0-9]", entropy: 3.3,
        remediation: Advice.revoke("Delete the key in Postman (Settings > API keys)."),
        references: ["https://learning.postman.com/docs/developer/postman-api/authentication/"],
        samples: { g in ["POSTMAN_API_KEY=" + "PM" + "AK-" + g.hex(24) + "-" + g.hex(34)] },
        negatives: { g in ["PM" + "AK-" + g.hex(24)] })

    static let doplerToken = SecretRule.prefixed(
        id: "secret-doppler-token", title: "Doppler token", severity: .critical,
        token: #"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}"#, right: "[A-Za-z0-9]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the token in Doppler (the project's Access tab, or Team > "
            + "Personal tokens); it unlocks every secret it can read."),
        references: ["https://docs.doppler.com/reference/api#authentication"],
        samples: { g in ["DOPPLER_TOKEN=" + "dp" + ".st." + g.alnum(43)] },
        negatives: { g in ["dp" + ".st." + g.alnum(10)] })

    static let pulumiToken = SecretRule.prefixed(
        id: "secret-pulumi-access-token", title: "Pulumi access token", severity: .critical,
        token: "pul-[a-f0-9]{40}", right: "[A-Za-z0-9]", entropy: 3.3,
        remediation: Advice.revoke("Delete the token in Pulumi Cloud (Settings > Access tokens)."),
        references: ["https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/"],
        samples: { g in ["PULUMI_ACCESS_TOKEN=" + "pu" + "l-" + g.hex(40)] },
        negatives: { g in ["pu" + "l-" + g.hex(12)] })
}
