import AnshinCore
// Payments: Stripe, Square, PayPal Braintree and others.
// Formats: Stripe's "API keys" page (sk_/rk_ and live/test modes, whsec_ signing secrets).

extension SecretRule {
    static let stripeRevoke = "Roll the key in the Stripe Dashboard (Developers > API keys > Roll key), "
        + "review recent API requests in the logs."

    static let stripeSecretKeyLive = SecretRule.prefixed(
        id: "secret-stripe-secret-key-live", title: "Stripe live secret key", severity: .critical,
        token: "sk_live_[A-Za-z0-9]{24,247}", right: "[A-Za-z0-9_]", entropy: 3.5,
        remediation: Advice.revoke(stripeRevoke),
        references: ["https://docs.stripe.com/keys"],
        samples: { g in [
            "STRIPE_SECRET_KEY=" + "sk" + "_live_" + g.alnum(99),
            "Stripe.api_key = \"" + "sk" + "_live_" + g.alnum(24) + "\"",
        ] },
        negatives: { g in [
            "sk" + "_live_" + String(repeating: "x", count: 24),
            "sk" + "_live_" + g.alnum(12),
            "sk" + "_live_" + "YOUR_SECRET_KEY_HERE_123456",
        ] })

    static let stripeSecretKeyTest = SecretRule.prefixed(
        id: "secret-stripe-secret-key-test", title: "Stripe test-mode secret key", severity: .low,
        token: "sk_test_[A-Za-z0-9]{24,247}", right: "[A-Za-z0-9_]", entropy: 3.5,
        remediation: Advice.revoke("Test keys move no money but expose test data and settings: " + stripeRevoke),
        references: ["https://docs.stripe.com/keys"],
        samples: { g in ["STRIPE_KEY=" + "sk" + "_test_" + g.alnum(99)] },
        negatives: { g in ["sk" + "_test_" + "4eC39HqLyjWDarjtT1zdp7dc" + "EXAMPLE", "sk" + "_test_" + g.alnum(10)] })

    static let stripeRestrictedKeyLive = SecretRule.prefixed(
        id: "secret-stripe-restricted-key-live", title: "Stripe live restricted key", severity: .high,
        token: "rk_live_[A-Za-z0-9]{24,247}", right: "[A-Za-z0-9_]", entropy: 3.5,
        remediation: Advice.revoke(stripeRevoke),
        references: ["https://docs.stripe.com/keys#limit-access"],
        samples: { g in ["STRIPE_RESTRICTED_KEY=" + "rk" + "_live_" + g.alnum(99)] },
        negatives: { g in ["rk" + "_live_" + g.alnum(8)] })

    static let stripeRestrictedKeyTest = SecretRule.prefixed(
        id: "secret-stripe-restricted-key-test", title: "Stripe test-mode restricted key", severity: .low,
        token: "rk_test_[A-Za-z0-9]{24,247}", right: "[A-Za-z0-9_]", entropy: 3.5,
        remediation: Advice.revoke(stripeRevoke),
        references: ["https://docs.stripe.com/keys#limit-access"],
        samples: { g in ["key: " + "rk" + "_test_" + g.alnum(99)] },
        negatives: { g in ["rk" + "_test_" + g.alnum(8)] })

    static let stripeWebhookSecret = SecretRule.prefixed(
        id: "secret-stripe-webhook-signing-secret", title: "Stripe webhook signing secret", severity: .high,
        token: "whsec_[A-Za-z0-9+/]{32,64}={0,2}", right: "[A-Za-z0-9+/=]", entropy: 3.8,
        remediation: Advice.revoke("Roll the endpoint's signing secret (Developers > Webhooks > the endpoint "
            + "> Roll secret) so forged events are rejected."),
        references: ["https://docs.stripe.com/webhooks#verify-events"],
        samples: { g in ["STRIPE_WEBHOOK_SECRET=" + "wh" + "sec_" + g.alnum(32)] },
        negatives: { g in ["wh" + "sec_" + g.alnum(10), "wh" + "sec_" + String(repeating: "a", count: 32)] })
}

extension SecretRule {
    static let squareAccessToken = token(
        "secret-square-access-token", "Square access token", .critical, "(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})",
        right: "[A-Za-z0-9_-]", entropy: 3.8, variable: "SQUARE_ACCESS_TOKEN",
        revoke: "Revoke the token in the Square Developer Dashboard (the application > Credentials or OAuth).",
        reference: "https://developer.squareup.com/docs/build-basics/access-tokens",
        sample: { "EA" + "AA" + $0.base64URL(60) }, negative: { "EA" + "AA" + $0.base64URL(20) })

    static let squareOAuthSecret = token(
        "secret-square-oauth-secret", "Square OAuth application secret", .high, "sq0csp-[A-Za-z0-9_-]{43}",
        right: "[A-Za-z0-9_-]", entropy: 3.8, variable: "SQUARE_APPLICATION_SECRET",
        revoke: "Replace the application secret in the Square Developer Dashboard (OAuth > Replace secret).",
        reference: "https://developer.squareup.com/docs/oauth-api/overview",
        sample: { "sq" + "0csp-" + $0.base64URL(43) }, negative: { "sq" + "0csp-" + $0.base64URL(10) })

    static let braintreeAccessToken = token(
        "secret-braintree-access-token", "PayPal Braintree access token", .critical,
        #"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}"#, variable: "BRAINTREE_ACCESS_TOKEN",
        revoke: "Revoke the token in the Braintree Control Panel (Settings > API) or through PayPal's "
            + "developer dashboard.",
        reference: "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials",
        sample: { "access" + "_token$production$" + $0.lowerAlnum(16) + "$" + $0.hex(32) },
        negative: { "access" + "_token$production$" + $0.lowerAlnum(16) })

    static let flutterwaveSecretKey = token(
        "secret-flutterwave-secret-key", "Flutterwave secret key", .critical, "FLWSECK(?:_TEST)?-[a-f0-9]{32}-X",
        right: "[A-Za-z0-9]", variable: "FLW_SECRET_KEY",
        revoke: "Regenerate the keys in the Flutterwave dashboard (Settings > API).",
        reference: "https://developer.flutterwave.com/docs/authentication",
        sample: { "FLW" + "SECK-" + $0.hex(32) + "-X" }, negative: { "FLW" + "SECK-" + $0.hex(12) + "-X" })

    static let razorpayKeyID = token(
        "secret-razorpay-key-id", "Razorpay live key id", .medium, "rzp_live_[A-Za-z0-9]{14}", variable: "RAZORPAY_KEY_ID",
        revoke: "Regenerate the key pair in the Razorpay dashboard (Account & Settings > API keys); its "
            + "secret is usually stored next to the id.",
        reference: "https://razorpay.com/docs/payments/dashboard/account-settings/api-keys/",
        sample: { "rz" + "p_live_" + $0.alnum(14) }, negative: { "rz" + "p_live_" + $0.alnum(6) })

    static let plaidSecret = keyedToken(
        "secret-plaid-secret", "Plaid API secret", .critical,
        keyword: #"plaid\w{0,20}secret"#, secret: "[a-f0-9]{30}", alphabet: "[A-Za-z0-9]", variable: "PLAID_SECRET",
        revoke: "Rotate the secret in the Plaid dashboard (Developers > Keys).",
        reference: "https://plaid.com/docs/api/#api-access",
        sample: { $0.hex(30) }, negative: { $0.hex(16) })

    static let goCardlessToken = keyedToken(
        "secret-gocardless-access-token", "GoCardless access token", .critical,
        keyword: #"gocardless\w{0,20}(?:token|key)"#, secret: "live_[A-Za-z0-9_-]{40}", alphabet: "[A-Za-z0-9_-]",
        entropy: 4.0, variable: "GOCARDLESS_ACCESS_TOKEN",
        revoke: "Revoke the token in the GoCardless dashboard (Developers > Access tokens).",
        reference: "https://developer.gocardless.com/getting-started/api/making-your-first-request/",
        sample: { "li" + "ve_" + $0.base64URL(40) }, negative: { "li" + "ve_" + $0.base64URL(10) })
}
