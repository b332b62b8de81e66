import AnshinCore

// Hosting, CDN, databases-as-a-service and smaller clouds.

extension SecretRule {
    static let alibabaAccessKeyID = token(
        "secret-alibaba-cloud-access-key-id", "Alibaba Cloud AccessKey ID", .high, "LTAI[A-Za-z0-9]{12,20}",
        variable: "ALIBABA_CLOUD_ACCESS_KEY_ID",
        revoke: "Disable and delete the AccessKey pair in the RAM console (Users > the user > AccessKey).",
        reference: "https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair",
        sample: { "LT" + "AI" + $0.alnum(20) }, negative: { "LT" + "AI" + $0.alnum(6) })

    static let tencentSecretID = token(
        "secret-tencent-cloud-secret-id", "Tencent Cloud SecretId", .high, "AKID[A-Za-z0-9]{32}",
        variable: "TENCENTCLOUD_SECRET_ID",
        revoke: "Disable and delete the API key in the CAM console (API Key Management).",
        reference: "https://www.tencentcloud.com/document/product/598/34228",
        sample: { "AK" + "ID" + $0.alnum(32) }, negative: { "AK" + "ID" + $0.alnum(10) })

    static let ibmCloudAPIKey = keyedToken(
        "secret-ibm-cloud-api-key", "IBM Cloud API key", .high,
        keyword: #"ibm\w{0,20}api_?key|ibmcloud_api_key|ic_api_key"#, secret: "[A-Za-z0-9_-]{44}",
        alphabet: "[A-Za-z0-9_-]", entropy: 4.0, checks: [], variable: "IBMCLOUD_API_KEY",
        revoke: "Delete the key in IBM Cloud (Manage > Access (IAM) > API keys).",
        reference: "https://cloud.ibm.com/docs/account?topic=account-userapikey",
        sample: { $0.base64URL(44) }, negative: { $0.base64URL(20) })

    static let cloudflareAPIToken = keyedToken(
        "secret-cloudflare-api-token", "Cloudflare API token", .high,
        keyword: #"cloudflare\w{0,20}(?:token|key)|cf_api_token|cf_token"#, secret: "[A-Za-z0-9_-]{40}",
        alphabet: "[A-Za-z0-9_-]", entropy: 4.0, checks: [], variable: "CLOUDFLARE_API_TOKEN",
        revoke: "Roll or delete the token in the Cloudflare dashboard (My Profile > API Tokens).",
        reference: "https://developers.cloudflare.com/fundamentals/api/get-started/create-token/",
        sample: { $0.base64URL(40) }, negative: { $0.base64URL(30) })

    static let cloudflareGlobalKey = keyedToken(
        "secret-cloudflare-global-api-key", "Cloudflare global API key", .critical,
        keyword: #"cloudflare\w{0,20}(?:global|api_?key|auth_?key)|x-auth-key|cf_api_key"#, secret: "[a-f0-9]{37}",
        alphabet: "[A-Za-z0-9]", entropy: 3.2, variable: "CLOUDFLARE_API_KEY",
        revoke: "Change the global API key (My Profile > API Tokens > Global API Key > Change) and move to "
            + "scoped API tokens.",
        reference: "https://developers.cloudflare.com/fundamentals/api/get-started/keys/",
        sample: { $0.hex(37) }, negative: { $0.hex(32) })

    static let cloudflareOriginCAKey = token(
        "secret-cloudflare-origin-ca-key", "Cloudflare Origin CA key", .high, "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}",
        variable: "CF_ORIGIN_CA_KEY",
        revoke: "Revoke the Origin CA key (My Profile > API Tokens > Origin CA Key > Change).",
        reference: "https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/",
        sample: { "v1" + ".0-" + $0.hex(24) + "-" + $0.hex(146) }, negative: { "v1" + ".0-" + $0.hex(24) })

    static let flyToken = token(
        "secret-fly-io-token", "Fly.io access token", .high, "(?:fo1_[A-Za-z0-9_-]{43}|FlyV1 fm[12]_[A-Za-z0-9+/=_,-]{100,1000})",
        right: "[A-Za-z0-9+/=_,-]", entropy: 4.0, variable: "FLY_API_TOKEN",
        revoke: "Revoke the token (`fly tokens revoke`, or the dashboard's Tokens page).",
        reference: "https://fly.io/docs/security/tokens/",
        sample: { "fo" + "1_" + $0.base64URL(43) }, negative: { "fo" + "1_" + $0.base64URL(10) })

    static let netlifyToken = token(
        "secret-netlify-access-token", "Netlify personal access token", .high, "nfp_[A-Za-z0-9]{36}",
        variable: "NETLIFY_AUTH_TOKEN",
        revoke: "Delete the token in Netlify (User settings > Applications > Personal access tokens).",
        reference: "https://docs.netlify.com/api/get-started/#authentication",
        sample: { "nf" + "p_" + $0.alnum(36) }, negative: { "nf" + "p_" + $0.alnum(12) })

    static let vercelToken = keyedToken(
        "secret-vercel-access-token", "Vercel access token", .high,
        keyword: #"vercel\w{0,20}(?:token|key)"#, secret: "[A-Za-z0-9]{24}", alphabet: "[A-Za-z0-9]",
        entropy: 3.8, variable: "VERCEL_TOKEN",
        revoke: "Delete the token in Vercel (Account settings > Tokens).",
        reference: "https://vercel.com/docs/rest-api#creating-an-access-token",
        sample: { $0.alnum(24) }, negative: { $0.alnum(12) })

    static let supabaseAccessToken = token(
        "secret-supabase-access-token", "Supabase personal access token", .critical, "sbp_[a-f0-9]{40}",
        variable: "SUPABASE_ACCESS_TOKEN",
        revoke: "Revoke the token in the Supabase dashboard (Account > Access Tokens).",
        reference: "https://supabase.com/docs/reference/api/introduction",
        sample: { "sb" + "p_" + $0.hex(40) }, negative: { "sb" + "p_" + $0.hex(12) })

    static let supabaseSecretKey = token(
        "secret-supabase-secret-key", "Supabase secret API key", .critical, "sb_secret_[A-Za-z0-9_-]{20,64}",
        right: "[A-Za-z0-9_-]", entropy: 3.5, variable: "SUPABASE_SECRET_KEY",
        revoke: "Delete the secret key in the project's Settings > API Keys and create another.",
        reference: "https://supabase.com/docs/guides/api/api-keys",
        sample: { "sb" + "_secret_" + $0.base64URL(31) }, negative: { "sb" + "_secret_" + $0.base64URL(8) })

    static let renderAPIKey = token(
        "secret-render-api-key", "Render API key", .high, "rnd_[A-Za-z0-9]{32}", variable: "RENDER_API_KEY",
        revoke: "Revoke the key in Render (Account settings > API Keys).",
        reference: "https://render.com/docs/api#1-create-an-api-key",
        sample: { "rn" + "d_" + $0.alnum(32) }, negative: { "rn" + "d_" + $0.alnum(10) })

    static let linodeToken = keyedToken(
        "secret-linode-token", "Linode (Akamai) personal access token", .critical,
        keyword: #"linode\w{0,20}(?:token|key)"#, secret: "[a-f0-9]{64}", alphabet: "[A-Za-z0-9]",
        variable: "LINODE_TOKEN",
        revoke: "Revoke the token in Cloud Manager (My Profile > API Tokens).",
        reference: "https://techdocs.akamai.com/linode-api/reference/get-started#personal-access-tokens",
        sample: { $0.hex(64) }, negative: { $0.hex(40) })

    static let hetznerToken = keyedToken(
        "secret-hetzner-cloud-token", "Hetzner Cloud API token", .critical,
        keyword: #"hetzner\w{0,20}(?:token|key)|hcloud_token"#, secret: "[A-Za-z0-9]{64}", alphabet: "[A-Za-z0-9]",
        entropy: 4.0, variable: "HCLOUD_TOKEN",
        revoke: "Delete the token in the Hetzner Cloud console (the project > Security > API tokens).",
        reference: "https://docs.hetzner.cloud/#authentication",
        sample: { $0.alnum(64) }, negative: { $0.alnum(32) })

    static let databricksToken = token(
        "secret-databricks-token", "Databricks personal access token", .critical, "dapi[a-f0-9]{32}(?:-[0-9])?",
        variable: "DATABRICKS_TOKEN",
        revoke: "Revoke the token in the workspace (User settings > Developer > Access tokens) or through the "
            + "Token Management API.",
        reference: "https://docs.databricks.com/dev-tools/auth/pat.html",
        sample: { "da" + "pi" + $0.hex(32) }, negative: { "da" + "pi" + $0.hex(10) })

    static let planetScaleToken = token(
        "secret-planetscale-token", "PlanetScale service token or password", .critical,
        "pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}", right: "[A-Za-z0-9_.=-]", entropy: 3.8,
        variable: "PLANETSCALE_TOKEN",
        revoke: "Delete the service token or password in PlanetScale (Settings > Service tokens, or the "
            + "branch's Passwords).",
        reference: "https://planetscale.com/docs/concepts/service-tokens",
        sample: { "psc" + "ale_tkn_" + $0.base64URL(43) }, negative: { "psc" + "ale_tkn_" + $0.base64URL(8) })

    static let fastlyToken = keyedToken(
        "secret-fastly-api-token", "Fastly API token", .high,
        keyword: #"fastly\w{0,20}(?:token|key)"#, secret: "[A-Za-z0-9_-]{32}", alphabet: "[A-Za-z0-9_-]",
        entropy: 3.8, checks: [], variable: "FASTLY_API_TOKEN",
        revoke: "Delete the token in Fastly (Account > Personal API tokens).",
        reference: "https://docs.fastly.com/en/guides/using-api-tokens",
        sample: { $0.base64URL(32) }, negative: { $0.base64URL(16) })

    static let mapboxSecretToken = token(
        "secret-mapbox-secret-token", "Mapbox secret access token", .high,
        #"sk\.eyJ[A-Za-z0-9_-]{20,200}\.[A-Za-z0-9_-]{20,30}"#, right: "[A-Za-z0-9_.-]", entropy: 4.0,
        variable: "MAPBOX_SECRET_TOKEN",
        revoke: "Delete the token in the Mapbox account's Access tokens page.",
        reference: "https://docs.mapbox.com/accounts/guides/tokens/",
        sample: { "s" + "k.eyJ" + $0.base64URL(60) + "." + $0.base64URL(22) },
        negative: { "s" + "k.eyJ" + $0.base64URL(10) })

    static let firebaseCloudMessagingKey = token(
        "secret-firebase-cloud-messaging-server-key", "Firebase Cloud Messaging legacy server key", .high,
        "AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}", right: "[A-Za-z0-9_-]", entropy: 4.0,
        variable: "FCM_SERVER_KEY",
        revoke: "Delete the server key in the Firebase console (Project settings > Cloud Messaging) and move "
            + "to the HTTP v1 API with a service account.",
        reference: "https://firebase.google.com/docs/cloud-messaging/migrate-v1",
        sample: { "AAAA" + $0.base64URL(7) + ":APA" + "91b" + $0.base64URL(134) },
        negative: { "AAAA" + $0.base64URL(7) + ":APA" + "91b" + $0.base64URL(20) })

    /// 84 characters: 52 random, the `JQQJ` signature of Microsoft's annotated keys, then date
    /// and metadata (often runs of `A`), the `AZDO` provider tag and a 4-character checksum. Only
    /// the random part is judged for placeholders and entropy.
    static let azureDevOpsPAT = SecretRule(
        id: "secret-azure-devops-pat", title: "Azure DevOps personal access token", severity: .critical,
        pattern: "(?<secret>[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4})",
        extractor: .regex("\(leftBoundary)(?<secret>[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4})(?![A-Za-z0-9])"),
        checks: [.custom("random part", { candidate in
            let random = Array(candidate.secret.prefix(52))
            return !Placeholder.isPlaceholder(random) && Entropy.shannon(random) >= 4.0
        })],
        specificity: .exact,
        remediation: Advice.revoke("Revoke the token in Azure DevOps (User settings > Personal access tokens); an "
            + "organization admin can revoke it too."),
        references: ["https://learn.microsoft.com/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate"],
        samples: { g in [
            "AZURE_DEVOPS_PAT=" + g.alnum(52) + "JQ" + "QJ" + "99" + g.alnum(6) + "AAAAAAAAAAAA" + "AZ" + "DO" + g.alnum(4),
            "az devops login --token " + g.alnum(52) + "JQ" + "QJ" + "77BAAC" + g.upperHex(14) + "AZ" + "DO" + g.alnum(4),
        ] },
        negatives: { g in [
            "AZURE_DEVOPS_PAT=" + g.alnum(52) + "AZ" + "DO" + g.alnum(4),
            "AZURE_DEVOPS_PAT=" + String(repeating: "x", count: 52) + "JQ" + "QJ" + g.alnum(20) + "AZ" + "DO" + g.alnum(4),
        ] })

    static let azureDevOpsLegacyPAT = keyedToken(
        "secret-azure-devops-pat-legacy", "Azure DevOps personal access token (legacy 52-character)", .critical,
        keyword: #"azure\w{0,20}(?:pat|token)|ado_?(?:pat|token)|devops\w{0,20}(?:pat|token)|system_accesstoken|vsts"#,
        secret: "[a-z2-7]{52}", alphabet: "[A-Za-z0-9]", entropy: 3.8, variable: "AZURE_DEVOPS_PAT",
        revoke: "Revoke the token in Azure DevOps (User settings > Personal access tokens).",
        reference: "https://learn.microsoft.com/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
        sample: { $0.string(52, from: "abcdefghijklmnopqrstuvwxyz234567") },
        negative: { $0.string(30, from: "abcdefghijklmnopqrstuvwxyz234567") })

    static let azureSASToken = SecretRule(
        id: "secret-azure-sas-token", title: "Azure shared access signature (SAS) token", severity: .high,
        pattern: #"[?&;]sig=[A-Za-z0-9%/+]{20}"#,
        extractor: .regex(#"[?&;]sig=(?<secret>(?:[A-Za-z0-9/+]|%2[BbFf]){40,60}(?:%3[Dd]|=))(?![A-Za-z0-9%])"#),
        checks: [.notPlaceholder, .minEntropy(4.0)],
        keywords: ["sv=", "se=", "sp="], keywordRadius: 300,
        remediation: Advice.revoke("A SAS is valid until it expires: rotate the storage account key that "
            + "signed it (or revoke its user delegation key / stored access policy)."),
        references: ["https://learn.microsoft.com/azure/storage/common/storage-sas-overview"],
        samples: { g in ["https://acme.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig=" + g.alnum(40) + "%2B" + g.alnum(2) + "%3D"] },
        negatives: { g in ["https://example.org/?page=2&sig=" + g.alnum(43) + "%3D"] })

    static let azureAppConfigConnection = SecretRule.keyed(
        id: "secret-azure-app-configuration-connection-string", title: "Azure App Configuration connection string",
        severity: .high,
        keyword: #"\.azconfig\.io;Id=[^;\r\n]{1,40};Secret="#, secret: "[A-Za-z0-9+/]{43}=", alphabet: "[A-Za-z0-9+/=]",
        gap: 0, entropy: 4.0, checks: [],
        remediation: Advice.revoke("Regenerate the access key in the App Configuration store (Settings > "
            + "Access settings)."),
        references: ["https://learn.microsoft.com/azure/azure-app-configuration/howto-disable-access-key-authentication"],
        samples: { g in ["APP_CONFIG=Endpoint=https://acme.azconfig.io;Id=" + g.alnum(12) + ";Secret=" + g.base64(43) + "="] },
        negatives: { g in ["Endpoint=https://acme.azconfig.io;Id=" + g.alnum(12) + ";Secret=" + g.base64(10)] })

    static let azureOpenAIKey = keyedToken(
        "secret-azure-cognitive-services-key", "Azure OpenAI or AI services key", .high,
        keyword: #"azure\w{0,20}(?:openai|cognitive|speech|ai)\w{0,20}key|ocp-apim-subscription-key"#,
        secret: "[a-f0-9]{32}", alphabet: "[A-Za-z0-9]", gap: 20, variable: "AZURE_OPENAI_API_KEY",
        revoke: "Regenerate the key in the portal (the resource > Keys and Endpoint > Regenerate).",
        reference: "https://learn.microsoft.com/azure/ai-services/authentication",
        sample: { $0.hex(32) }, negative: { $0.hex(20) })

    static let kubeconfigClientKey = SecretRule.keyed(
        id: "secret-kubeconfig-client-key", title: "Kubernetes client private key in a kubeconfig", severity: .critical,
        keyword: "client-key-data", secret: "LS0tLS1CRUdJTi[A-Za-z0-9+/]{100,8000}={0,2}", alphabet: "[A-Za-z0-9+/=]",
        gap: 5, entropy: 4.5, checks: [],
        remediation: Advice.revoke("The key authenticates a user to the cluster: remove the user's bindings, "
            + "rotate the client certificate (or the cluster CA if it is an admin key), and hand out "
            + "kubeconfigs that use OIDC or cloud IAM instead."),
        references: ["https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/"],
        samples: { g in ["    client-key-data: " + "LS0tLS1CRUdJ" + "Ti" + g.base64(600) + "=="] },
        negatives: { g in ["    client-key-data: " + "LS0tLS1CRUdJ" + "Ti" + g.base64(30)] })

    static let dockerConfigAuth = SecretRule(
        id: "secret-docker-config-auth", title: "Registry credentials in a Docker config.json", severity: .high,
        pattern: #""auth"\s{0,5}:\s{0,5}"[A-Za-z0-9+/]{8}"#,
        extractor: .regex(#""auth"\s{0,5}:\s{0,5}"(?<secret>[A-Za-z0-9+/]{8,400}={0,2})""#),
        checks: [.custom("user:password", { GenericValue.isBasicCredential($0.secret) })],
        keywords: ["auths"], keywordRadius: 2048, specificity: .contextual,
        grade: { GenericValue.gradeBasic($0) },
        remediation: Advice.revoke("Change the registry password or token (Docker Hub access token, ECR is "
            + "short-lived, GHCR personal access token) and use a credential helper instead of stored auths."),
        references: ["https://docs.docker.com/reference/cli/docker/login/#credential-stores"],
        samples: { g in ["{\"auths\": {\"registry.acme.example\": {\"auth\": \"" + SampleGenerator.base64Encode("ci:" + g.alnum(20)) + "\"}}}"] },
        negatives: { _ in ["{\"auths\": {\"registry.acme.example\": {\"auth\": \"" + SampleGenerator.base64Encode("ci:password") + "\"}}}"] })

    static let npmrcAuthToken = SecretRule(
        id: "secret-npmrc-auth-token", title: "Registry token in an .npmrc", severity: .high,
        pattern: #"_authToken\s{0,3}=\s{0,3}[A-Za-z0-9_-]{16}"#,
        extractor: .regex(#"_authToken\s{0,3}=\s{0,3}(?<secret>[A-Za-z0-9_.-]{16,256})(?![A-Za-z0-9_.-])"#),
        checks: [.notPlaceholder, .notReference, .minEntropy(3.3), .mixedLettersAndDigits],
        specificity: .contextual,
        remediation: Advice.revoke("Revoke the token at its registry (`npm token revoke`, GitHub Packages "
            + "token, Artifactory token) and reference an environment variable in .npmrc instead."),
        references: ["https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration"],
        samples: { g in ["//npm.pkg.github.com/:_authToken=" + g.uuid()] },
        negatives: { _ in ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}"] })
}
