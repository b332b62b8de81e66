import AnshinCore

// Business SaaS: communications, support, analytics, feature flags, design, productivity.

extension SecretRule {
    static let twilioAuthToken = keyedToken(
        "secret-twilio-auth-token", "Twilio auth token", .critical,
        keyword: #"twilio\w{0,20}(?:auth|token|secret)"#, secret: "[a-f0-9]{32}", alphabet: "[A-Za-z0-9]",
        variable: "TWILIO_AUTH_TOKEN",
        revoke: "Promote a secondary auth token in the Twilio Console (Account > API keys & tokens) so the "
            + "leaked primary is replaced, and prefer API keys.",
        reference: "https://www.twilio.com/docs/iam/api/authtoken",
        sample: { $0.hex(32) }, negative: { $0.hex(20) })

    static let twilioAPIKey = token(
        "secret-twilio-api-key", "Twilio API key SID", .medium, "SK[0-9a-f]{32}", variable: "TWILIO_API_KEY",
        revoke: "Delete the API key in the Twilio Console (Account > API keys & tokens); its secret was "
            + "shown once and is likely stored nearby.",
        reference: "https://www.twilio.com/docs/iam/api-keys",
        sample: { "S" + "K" + $0.hex(32) }, negative: { "S" + "K" + $0.hex(16) })

    static let pagerDutyToken = keyedToken(
        "secret-pagerduty-api-key", "PagerDuty API key", .high,
        keyword: #"pagerduty\w{0,20}(?:token|key)|pd_?(?:api_?)?token"#, secret: "(?:u\\+)?[A-Za-z0-9_+-]{20}",
        alphabet: "[A-Za-z0-9_+-]", entropy: 3.5, checks: [], variable: "PAGERDUTY_TOKEN",
        revoke: "Delete the key in PagerDuty (Integrations > API Access Keys, or the user's API access).",
        reference: "https://support.pagerduty.com/main/docs/api-access-keys",
        sample: { "u" + "+" + $0.alnum(18) + "_" + "z" }, negative: { $0.alnum(10) })

    static let pagerDutyIntegrationKey = keyedToken(
        "secret-pagerduty-integration-key", "PagerDuty Events integration (routing) key", .medium,
        keyword: #"routing_?key|integration_?key|pagerduty\w{0,20}service_?key"#, secret: "[a-f0-9]{32}",
        alphabet: "[A-Za-z0-9]", gap: 20, variable: "PAGERDUTY_ROUTING_KEY",
        revoke: "Regenerate the integration key on the PagerDuty service's Integrations tab; a leaked key "
            + "lets anyone page your on-call.",
        reference: "https://developer.pagerduty.com/docs/events-api-v2-overview",
        sample: { $0.hex(32) }, negative: { $0.hex(16) })

    static let algoliaAdminKey = keyedToken(
        "secret-algolia-admin-key", "Algolia admin or write API key", .high,
        keyword: #"algolia\w{0,20}(?:admin|write|api)_?key"#, secret: "[a-f0-9]{32}", alphabet: "[A-Za-z0-9]",
        variable: "ALGOLIA_ADMIN_KEY",
        revoke: "Regenerate the admin key or delete the API key in the Algolia dashboard (Settings > API Keys).",
        reference: "https://www.algolia.com/doc/guides/security/api-keys/",
        sample: { $0.hex(32) }, negative: { $0.hex(16) })

    static let asanaToken = token(
        "secret-asana-personal-access-token", "Asana personal access token", .high,
        "[0-9]/[0-9]{13,19}(?:/[0-9]{13,19})?:[a-f0-9]{32}", right: "[A-Za-z0-9]", variable: "ASANA_TOKEN",
        revoke: "Deauthorize the token in Asana (My settings > Apps > Developer apps > Personal access tokens).",
        reference: "https://developers.asana.com/docs/personal-access-token",
        sample: { "2/" + $0.digits(16) + "/" + $0.digits(16) + ":" + $0.hex(32) }, negative: { "2/" + $0.digits(16) + ":" + $0.hex(8) })

    static let hubspotToken = token(
        "secret-hubspot-private-app-token", "HubSpot private app access token", .high,
        "pat-(?:na|eu)[0-9]-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", right: "[A-Za-z0-9-]",
        entropy: 3.0, variable: "HUBSPOT_ACCESS_TOKEN",
        revoke: "Rotate the private app's token in HubSpot (Settings > Integrations > Private apps > the app > "
            + "Auth > Rotate).",
        reference: "https://developers.hubspot.com/docs/api/private-apps",
        sample: { "pa" + "t-na1-" + $0.uuid() }, negative: { "pa" + "t-na1-" + $0.hex(8) })

    static let intercomToken = token(
        "secret-intercom-access-token", "Intercom access token", .high, "dG9rOj[A-Za-z0-9+/_=-]{40,80}",
        right: "[A-Za-z0-9+/_=-]", entropy: 4.0, variable: "INTERCOM_ACCESS_TOKEN",
        revoke: "Regenerate the token in the Intercom Developer Hub (the app > Authentication).",
        reference: "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication",
        sample: { "dG9r" + "Oj" + $0.base64(54) + "==" }, negative: { "dG9r" + "Oj" + $0.base64(10) })

    static let zendeskToken = keyedToken(
        "secret-zendesk-api-token", "Zendesk API token", .high,
        keyword: #"zendesk\w{0,20}(?:token|key)"#, secret: "[A-Za-z0-9]{40}", alphabet: "[A-Za-z0-9]", entropy: 4.0,
        variable: "ZENDESK_API_TOKEN",
        revoke: "Delete the token in Zendesk Admin Center (Apps and integrations > Zendesk API).",
        reference: "https://support.zendesk.com/hc/en-us/articles/4408889192858",
        sample: { $0.alnum(40) }, negative: { $0.alnum(20) })

    static let launchDarklyKey = keyedToken(
        "secret-launchdarkly-key", "LaunchDarkly SDK or API access key", .high,
        keyword: #"launchdarkly|ld_?(?:sdk|api)_?key"#,
        secret: "(?:api|sdk)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
        alphabet: "[A-Za-z0-9-]", entropy: 3.0, checks: [], variable: "LAUNCHDARKLY_SDK_KEY",
        revoke: "Reset the SDK key of the environment, or delete the access token, in LaunchDarkly.",
        reference: "https://launchdarkly.com/docs/home/account/environment/keys",
        sample: { "sd" + "k-" + $0.uuid() }, negative: { "sd" + "k-" + $0.hex(8) })

    static let rollbarToken = keyedToken(
        "secret-rollbar-access-token", "Rollbar access token", .medium,
        keyword: #"rollbar\w{0,20}(?:token|key)"#, secret: "[a-f0-9]{32}", alphabet: "[A-Za-z0-9]",
        variable: "ROLLBAR_ACCESS_TOKEN",
        revoke: "Disable the token in Rollbar (Project settings > Project Access Tokens).",
        reference: "https://docs.rollbar.com/docs/access-tokens",
        sample: { $0.hex(32) }, negative: { $0.hex(16) })

    static let bugsnagKey = keyedToken(
        "secret-bugsnag-api-key", "Bugsnag API or auth token", .medium,
        keyword: #"bugsnag\w{0,20}(?:token|key)"#, secret: "[a-f0-9]{32}", alphabet: "[A-Za-z0-9]",
        variable: "BUGSNAG_API_KEY",
        revoke: "Regenerate the key in Bugsnag (Project settings, or the user's Auth tokens).",
        reference: "https://docs.bugsnag.com/api/data-access/#authentication",
        sample: { $0.hex(32) }, negative: { $0.hex(16) })

    static let honeycombKey = keyedToken(
        "secret-honeycomb-api-key", "Honeycomb API key", .medium,
        keyword: #"honeycomb\w{0,20}(?:key|token)|x-honeycomb-team"#,
        secret: "(?:hc[a-z]ik_[a-z0-9]{58}|[A-Za-z0-9]{22}|[a-f0-9]{32})", alphabet: "[A-Za-z0-9_]",
        variable: "HONEYCOMB_API_KEY",
        revoke: "Delete the key in Honeycomb (Environment settings > API Keys).",
        reference: "https://docs.honeycomb.io/configure/environments/manage-api-keys/",
        sample: { $0.alnum(22) }, negative: { $0.alnum(12) })

    static let grafanaCloudToken = token(
        "secret-grafana-cloud-token", "Grafana Cloud access policy token", .high, "glc_[A-Za-z0-9+/]{32,400}={0,2}",
        right: "[A-Za-z0-9+/=]", entropy: 4.0, variable: "GRAFANA_CLOUD_TOKEN",
        revoke: "Delete the token in the Grafana Cloud portal (Security > Access policies).",
        reference: "https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/",
        sample: { "gl" + "c_" + $0.base64(120) + "==" }, negative: { "gl" + "c_" + $0.base64(12) })

    static let grafanaServiceAccountToken = token(
        "secret-grafana-service-account-token", "Grafana service account token", .high, "glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}",
        entropy: 3.8, variable: "GRAFANA_TOKEN",
        revoke: "Delete the token in Grafana (Administration > Service accounts > the account > Tokens).",
        reference: "https://grafana.com/docs/grafana/latest/administration/service-accounts/",
        sample: { "gl" + "sa_" + $0.alnum(32) + "_" + $0.hex(8) }, negative: { "gl" + "sa_" + $0.alnum(32) })

    static let typeformToken = token(
        "secret-typeform-token", "Typeform personal access token", .medium, "tfp_[A-Za-z0-9_.=-]{59}",
        right: "[A-Za-z0-9_.=-]", entropy: 4.0, variable: "TYPEFORM_TOKEN",
        revoke: "Delete the token in Typeform (Account > Personal tokens).",
        reference: "https://www.typeform.com/developers/get-started/personal-access-token/",
        sample: { "tf" + "p_" + $0.base64URL(59) }, negative: { "tf" + "p_" + $0.base64URL(20) })

    static let contentfulToken = token(
        "secret-contentful-management-token", "Contentful personal access token", .high, "CFPAT-[A-Za-z0-9_-]{43}",
        right: "[A-Za-z0-9_-]", entropy: 4.0, variable: "CONTENTFUL_MANAGEMENT_TOKEN",
        revoke: "Revoke the token in Contentful (Settings > CMA tokens).",
        reference: "https://www.contentful.com/developers/docs/references/authentication/",
        sample: { "CF" + "PAT-" + $0.base64URL(43) }, negative: { "CF" + "PAT-" + $0.base64URL(12) })

    static let figmaToken = token(
        "secret-figma-personal-access-token", "Figma personal access token", .medium, "figd_[A-Za-z0-9_-]{40}",
        right: "[A-Za-z0-9_-]", entropy: 4.0, variable: "FIGMA_TOKEN",
        revoke: "Revoke the token in Figma (Settings > Security > Personal access tokens).",
        reference: "https://www.figma.com/developers/api#access-tokens",
        sample: { "fi" + "gd_" + $0.base64URL(40) }, negative: { "fi" + "gd_" + $0.base64URL(10) })

    static let dropboxToken = token(
        "secret-dropbox-access-token", "Dropbox access token", .high, #"sl\.(?:u\.)?[A-Za-z0-9_-]{130,1100}"#,
        right: "[A-Za-z0-9_-]", entropy: 4.5, variable: "DROPBOX_TOKEN",
        revoke: "Revoke the app's access (Dropbox Settings > Connected apps) or call `/2/auth/token/revoke`.",
        reference: "https://developers.dropbox.com/oauth-guide",
        sample: { "s" + "l." + $0.base64URL(140) }, negative: { "s" + "l." + $0.base64URL(30) })

    static let tailscaleKey = token(
        "secret-tailscale-key", "Tailscale API, auth or OAuth client key", .critical,
        "tskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,40}", entropy: 3.8,
        variable: "TS_AUTHKEY",
        revoke: "Revoke the key in the Tailscale admin console (Settings > Keys); an auth key adds devices "
            + "to your tailnet.",
        reference: "https://tailscale.com/kb/1085/auth-keys",
        sample: { "tsk" + "ey-auth-" + $0.alnum(17) + "-" + $0.alnum(33) }, negative: { "tsk" + "ey-auth-" + $0.alnum(8) })

    static let onePasswordServiceAccount = token(
        "secret-1password-service-account-token", "1Password service account token", .critical,
        "ops_eyJ[A-Za-z0-9+/=_-]{100,2000}", right: "[A-Za-z0-9+/=_-]", entropy: 4.5,
        variable: "OP_SERVICE_ACCOUNT_TOKEN",
        revoke: "Revoke the service account token in 1Password (Developer > Service accounts); it reads every "
            + "vault it was granted.",
        reference: "https://developer.1password.com/docs/service-accounts/",
        sample: { "op" + "s_eyJ" + $0.base64(300) }, negative: { "op" + "s_eyJ" + $0.base64(20) })

    static let segmentWriteKey = keyedToken(
        "secret-segment-token", "Segment public API token", .medium,
        keyword: #"segment\w{0,20}(?:token|secret)"#, secret: "sgp_[A-Za-z0-9]{64}", alphabet: "[A-Za-z0-9_]",
        entropy: 4.0, variable: "SEGMENT_TOKEN",
        revoke: "Delete the token in Segment (Settings > Workspace settings > Access management > Tokens).",
        reference: "https://docs.segmentapis.com/tag/Getting-Started",
        sample: { "sg" + "p_" + $0.alnum(64) }, negative: { "sg" + "p_" + $0.alnum(10) })

    static let easyPostKey = token(
        "secret-easypost-api-key", "EasyPost API key", .high, "EZ[AT]K[A-Za-z0-9]{54}", entropy: 4.0,
        variable: "EASYPOST_API_KEY",
        revoke: "Disable the key in EasyPost (Account settings > API keys).",
        reference: "https://docs.easypost.com/docs/authentication",
        sample: { "EZ" + "AK" + $0.alnum(54) }, negative: { "EZ" + "AK" + $0.alnum(20) })

    static let shippoToken = token(
        "secret-shippo-api-token", "Shippo API token", .high, "shippo_(?:live|test)_[a-f0-9]{40}",
        variable: "SHIPPO_API_TOKEN",
        revoke: "Regenerate the token in Shippo (Settings > API).",
        reference: "https://docs.goshippo.com/docs/guides_general/authentication/",
        sample: { "shi" + "ppo_live_" + $0.hex(40) }, negative: { "shi" + "ppo_live_" + $0.hex(12) })
}
