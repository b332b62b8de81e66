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
